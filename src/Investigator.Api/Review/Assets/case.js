// A case: the ticket, the facts with the text each came from, the investigation timeline, the evidence cards, the
// decision with its reasons, the draft with its citations linked to the evidence, the lead's actions and the history.
// Views are redrawn from the case the API returns; the action forms stay put, so what a lead typed is not lost.
import { el, fill, header, api, badge, words, time, timeEl, timeLeft, span, say, DISPOSITIONS, PRIORITIES } from './common.js';

const POLL_MS = 2000;
const ROUTES = ['tier1/triage', 'tier1/general', 'tier1/billing', 'tier1/accounts', 'tier2/integrations', 'tier2/incident-response',
  'tier3/engineering', 'tier3/engineering-escalations', 'tier3/security'];

const caseId = decodeURIComponent(location.pathname.replace(/\/+$/, '').split('/').pop());
const message = document.getElementById('message');
const view = id => document.querySelector(`#${id} [data-view]`);
const output = form => form.querySelector('[data-output]');

let me = null;
let current = null;
let poll = null;
let arrived = false;

// ---- Text helpers ----

/** Text with evidence ids turned into links to their cards: "[E2]" always, a bare "E2" only when asked (rationale). */
function linked(text, known, { bare = false } = {}) {
  const pattern = bare ? /\[?\b(E\d+)\b\]?/g : /\[(E\d+)\]/g;
  const parts = [];
  let last = 0;
  for (const match of String(text ?? '').matchAll(pattern)) {
    if (!known.has(match[1])) continue;
    parts.push(text.slice(last, match.index));
    parts.push(el('a', { href: `#${match[1]}`, class: 'cite', text: match[0] }));
    last = match.index + match[0].length;
  }
  parts.push(String(text ?? '').slice(last));
  return parts;
}

function evidenceLinks(ids, known) {
  const list = (ids ?? []).filter(Boolean);
  if (!list.length) return '—';
  return list.flatMap((id, i) => [i ? ', ' : '', known.has(id) ? el('a', { href: `#${id}`, class: 'cite', text: id }) : id]);
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', euro: '€' };

/**
 * The visible text of an HTML ticket body. Read with a few patterns rather than parsed by the browser, so nothing in
 * the customer's markup is ever turned into elements (no script, no style attribute, no image fetched).
 */
function htmlText(html) {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|pre|blockquote|table|ul|ol)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n').replace(/\n{3,}/g, '\n\n')
    .trim();
}

function ticketField(ticket, field) {
  if (field === 'subject') return ticket.subject ?? '';
  if (field === 'body') return ticket.bodyFormat === 'html' ? htmlText(ticket.body ?? '') : (ticket.body ?? '');
  const comment = /^comments\[(\d+)\]$/.exec(field ?? '');
  return comment ? ticket.comments?.[Number(comment[1])]?.body ?? '' : null;
}

/** Where a fact's source text is in the ticket as shown: at its recorded offset when that matches, else its first occurrence. */
function locate(ticket, source) {
  if (source?.kind !== 'ticketText' || !source.text) return null;
  const text = ticketField(ticket, source.field);
  if (text === null) return null;
  if (source.start !== undefined && text.substr(source.start, source.length) === source.text) return { field: source.field, start: source.start, length: source.length };
  const at = text.indexOf(source.text);
  return at < 0 ? null : { field: source.field, start: at, length: source.text.length };
}

// ---- Views ----

function renderSummary(c) {
  document.title = `${c.ticket?.subject ?? c.id} · Investigator review`;
  document.getElementById('case-title').textContent = c.ticket?.subject || c.id;
  const d = c.decision;
  const account = c.facts?.account;
  const acknowledged = (c.timeline ?? []).some(e => e.kind === 'acknowledged');
  const due = (label, iso, done) => {
    if (!iso) return null;
    const left = timeLeft(iso);
    return [el('dt', { text: label }), el('dd', {}, timeEl(iso), ' ',
      done ? el('span', { class: 'sub', text: `(${done})` })
        : el('span', { class: left.overdue ? 'sla-overdue' : left.soon ? 'sla-soon' : null, text: `(${left.text})` }))];
  };
  fill(view('summary'),
    el('div', { class: 'chips' },
      badge(c.status),
      d ? badge(d.priority) : null,
      d ? el('span', { class: 'badge', text: words(d.disposition) }) : null,
      d ? el('span', { class: 'badge', text: words(d.type) }) : null,
      d ? el('span', { class: 'badge', text: `${d.route.tier} / ${d.route.queue}` }) : null,
      d?.escalation ? el('span', { class: 'badge bad', text: `Escalated to ${d.escalation.target}` }) : null,
      c.draft ? el('span', { class: ['badge', c.draft.check?.passed ? 'ok' : 'bad'], text: c.draft.check?.passed ? 'Draft checks passed' : 'Draft not sendable' }) : null),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Case' }), el('dd', { class: 'mono', text: c.id }),
      el('dt', { text: 'Account' }), el('dd', {}, account ? `${account.name?.value ?? ''} (${account.id?.value ?? '—'}, ${account.plan?.value ?? '—'}, ${account.region?.value ?? '—'})` : 'Not verified'),
      el('dt', { text: 'Received' }), el('dd', {}, timeEl(c.receivedAt)),
      el('dt', { text: 'Updated' }), el('dd', {}, timeEl(c.updatedAt)),
      due('First response due', d?.sla?.firstResponseDue, acknowledged ? 'acknowledged' : c.status === 'resolved' ? 'resolved' : null),
      due('Resolution due', d?.sla?.resolutionDue, c.status === 'resolved' ? 'resolved' : null),
      c.error ? [el('dt', { text: 'Last error' }), el('dd', { class: 'sla-overdue', text: c.error })] : null,
      c.attempts ? [el('dt', { text: 'Attempts' }), el('dd', { text: String(c.attempts) })] : null,
      c.nextAttemptAt ? [el('dt', { text: 'Next attempt' }), el('dd', {}, timeEl(c.nextAttemptAt))] : null,
      c.helpdeskPost ? [el('dt', { text: 'Helpdesk note' }), el('dd', {}, words(c.helpdeskPost.status), c.helpdeskPost.lastError ? ` — ${c.helpdeskPost.lastError}` : '')] : null));
}

function renderTicket(c, highlight = null) {
  const t = c.ticket ?? {};
  const text = field => {
    const value = ticketField(t, field) ?? '';
    if (!highlight || highlight.field !== field) return value;
    return [value.slice(0, highlight.start), el('mark', { id: 'highlight', tabindex: '-1', text: value.substr(highlight.start, highlight.length) }), value.slice(highlight.start + highlight.length)];
  };
  fill(view('ticket'),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Subject' }), el('dd', {}, el('strong', {}, text('subject'))),
      el('dt', { text: 'From' }), el('dd', { text: `${t.requester?.name ?? ''} <${t.requester?.email ?? ''}>` }),
      el('dt', { text: 'Written' }), el('dd', {}, timeEl(t.createdAt)),
      el('dt', { text: 'Channel' }), el('dd', { text: `${words(t.channel)} via ${t.source ?? '—'}${t.externalId ? ` (${t.externalId})` : ''}` }),
      t.tags?.length ? [el('dt', { text: 'Tags' }), el('dd', { text: t.tags.join(', ') })] : null),
    el('pre', { class: 'ticket-body', id: 'ticket-body', tabindex: '0', 'aria-label': 'Ticket body' }, text('body')),
    t.bodyFormat === 'html' ? el('p', { class: 'hint', text: 'The customer wrote HTML; it is shown as its text.' }) : null,
    (t.comments ?? []).map((comment, i) => el('div', {},
      el('h3', {}, `Comment ${i + 1} from ${comment.author ?? 'unknown'}, `, timeEl(comment.createdAt), comment.public === false ? ' (private)' : ''),
      el('pre', { class: 'ticket-body' }, text(`comments[${i}]`)))));
  if (highlight) {
    const mark = document.getElementById('highlight');
    mark?.scrollIntoView({ block: 'center' });
    mark?.focus({ preventScroll: true });
  }
}

const isFact = v => v !== null && typeof v === 'object' && 'value' in v && 'source' in v;
const SEPARATE = new Set(['missing', 'blocks', 'attachments', 'notes', 'cleanText', 'risks', 'intents', 'untrustedAccountClaims']);

function factValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return time(value);
  if (typeof value === 'object') return value.kind ? `${words(value.kind)}: ${value.value}` : JSON.stringify(value);
  return String(value);
}

function factRows(name, value, ticket) {
  if (isFact(value)) {
    const source = value.source ?? {};
    const at = locate(ticket, source);
    const show = at ? el('button', { type: 'button', class: 'link', 'data-show': JSON.stringify(at), text: 'Show in ticket' }) : null;
    return [el('tr', {},
      el('th', { scope: 'row', text: name }),
      el('td', { text: factValue(value.value) }),
      el('td', {},
        el('div', { class: 'fact-source', text: `${words(source.kind)} · ${source.field ?? ''}` }),
        source.text ? el('div', { class: 'quote' }, `“${source.text}”`) : null,
        show))];
  }
  if (Array.isArray(value)) return value.flatMap(item => factRows(name, item, ticket));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, sub]) => factRows(`${name} › ${words(key)}`, sub, ticket));
  return [];
}

function renderFacts(c) {
  const f = c.facts;
  if (!f) { fill(view('facts'), el('p', { class: 'hint', text: 'Not normalized yet.' })); return; }
  const rows = Object.entries(f).filter(([key]) => !SEPARATE.has(key)).flatMap(([key, value]) => factRows(words(key), value, c.ticket ?? {}));
  fill(view('facts'),
    el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Facts', tabindex: '0' },
      el('table', { class: 'facts' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Fact' }), el('th', { scope: 'col', text: 'Value' }), el('th', { scope: 'col', text: 'Where it came from' }))),
        el('tbody', {}, rows))),
    el('h3', { text: `Missing information (${f.missing?.length ?? 0})` }),
    f.missing?.length
      ? el('ul', { class: 'missing' }, f.missing.map(m => el('li', {},
        el('strong', { text: words(m.field) }), ': ', el('span', { text: m.question }),
        el('div', { class: 'hint', text: m.why }), m.example ? el('div', { class: 'hint', text: `Example: ${m.example}` }) : null)))
      : el('p', { class: 'hint', text: 'Nothing the required-information table asks for is missing.' }),
    f.risks?.length ? [el('h3', { text: 'Immediate risks' }), el('p', { text: f.risks.map(words).join(', ') })] : null,
    f.intents?.length ? [el('h3', { text: 'Intents' }), el('p', { text: f.intents.map(words).join(', ') })] : null,
    f.untrustedAccountClaims?.length ? [el('h3', { text: 'Untrusted account claims' }),
      el('ul', {}, f.untrustedAccountClaims.map(u => el('li', { text: `${u.claimedAccountId}: ${u.reason}` })))] : null,
    f.notes?.length ? [el('h3', { text: 'Intake notes' }), el('ul', {}, f.notes.map(n => el('li', { text: `${n.field}: ${n.value} — ${n.reason}` })))] : null);
}

/** Time since the first step: milliseconds while short, seconds after. */
function offset(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : span(ms);
}

function renderInvestigation(c) {
  const inv = c.investigation;
  const known = new Set((inv?.evidence ?? []).map(e => e.id));
  const steps = [...(c.trace ?? inv?.trace ?? [])].sort((a, b) => new Date(a.startedAt) - new Date(b.startedAt));
  if (!inv && !steps.length) { fill(view('investigation'), el('p', { class: 'hint', text: 'Not investigated yet.' })); return; }
  const evidenceOf = step => (inv?.evidence ?? []).filter(e => e.traceStepId === step.id).map(e => e.id);
  const start = steps.length ? new Date(steps[0].startedAt).getTime() : 0;
  fill(view('investigation'),
    inv ? [
      el('h3', { text: 'Hypotheses' }),
      el('ol', { class: 'trace' }, inv.hypotheses.map(h => el('li', { id: h.id, class: ['step', h.status === 'confirmed' ? 'toolCall' : null] },
        el('strong', { text: h.id }), ' ', badge(h.status), ' ', el('span', { text: h.statement }),
        el('div', { class: 'meta' }, el('span', { class: 'mono', text: h.key }), ' · evidence: ', evidenceLinks(h.evidenceIds, known))))),
      el('p', { class: 'hint', text: `${inv.budget.toolCalls} of ${inv.budget.maxToolCalls} tool calls, ${Math.round(inv.budget.elapsedMs)} ms${inv.budget.exhausted ? ', budget exhausted' : ''}.` }),
    ] : null,
    el('h3', { text: 'Steps' }),
    el('ol', { class: 'trace' }, steps.map(step => el('li', { id: step.id, class: ['step', step.kind, step.outcome], 'data-step': step.id },
      el('div', {},
        el('strong', { text: step.id }), ' ', el('span', { class: 'badge', text: words(step.kind) }), ' ',
        el('span', { class: 'mono', text: step.name }), ' ', badge(step.outcome, step.outcome === 'ok' ? 'ok' : null)),
      el('div', { class: 'meta' },
        `+${offset(new Date(step.startedAt).getTime() - start)} · took ${step.durationMs < 1 ? '<1' : Math.round(step.durationMs)} ms`,
        step.resultSize !== undefined && step.resultSize !== null ? ` · result ${step.resultSize} bytes` : '',
        step.hypothesisId ? [' · for ', el('a', { href: `#${step.hypothesisId}`, text: step.hypothesisId })] : '',
        step.tokens ? ` · tokens ${step.tokens.input} in, ${step.tokens.output} out` : ''),
      step.arguments && Object.keys(step.arguments).length
        ? el('div', { class: 'args' }, 'Arguments: ', Object.entries(step.arguments).flatMap(([k, v], i) => [i ? ', ' : '', el('code', { text: `${k} = ${v ?? 'null'}` })]))
        : null,
      step.message ? el('div', {}, step.kind === 'toolCall' ? 'Result: ' : '', el('span', { text: step.message })) : null,
      evidenceOf(step).length ? el('div', { class: 'meta' }, 'Evidence: ', evidenceLinks(evidenceOf(step), known)) : null))));
}

function renderEvidence(c) {
  const evidence = c.investigation?.evidence ?? [];
  if (!evidence.length) { fill(view('evidence'), el('p', { class: 'hint', text: 'No evidence yet.' })); return; }
  fill(view('evidence'), el('div', { class: 'evidence-grid' }, evidence.map(e => el('article', { id: e.id, class: 'evidence', tabindex: '-1', 'aria-labelledby': `${e.id}-title` },
    el('header', {},
      el('span', { class: 'eid', id: `${e.id}-title`, text: e.id }), badge(e.stance), el('span', { class: 'badge', text: e.source })),
    el('p', { text: e.finding }),
    e.excerpt && e.excerpt.length > 280
      ? el('details', {}, el('summary', { text: `Excerpt (${e.excerpt.length} characters)` }), el('pre', { class: 'excerpt', text: e.excerpt }))
      : e.excerpt ? el('pre', { class: 'excerpt', text: e.excerpt }) : null,
    el('div', { class: 'meta hint' },
      el('code', { text: e.tool }), e.query ? [' ', el('code', { text: e.query })] : null,
      ' · step ', el('a', { href: `#${e.traceStepId}`, text: e.traceStepId }),
      e.hypothesisId ? [' · ', el('a', { href: `#${e.hypothesisId}`, text: e.hypothesisId })] : null,
      e.observedAt ? [' · observed ', timeEl(e.observedAt)] : null)))));
}

function renderDecision(c) {
  const d = c.decision;
  if (!d) { fill(view('decision'), el('p', { class: 'hint', text: 'Not decided yet.' })); return; }
  const known = new Set((c.investigation?.evidence ?? []).map(e => e.id));
  fill(view('decision'),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Disposition' }), el('dd', { text: `${words(d.disposition)} (confidence ${Math.round(d.confidence * 100)}%)` }),
      el('dt', { text: 'Type' }), el('dd', { text: words(d.type) }),
      el('dt', { text: 'Priority' }), el('dd', {}, badge(d.priority)),
      el('dt', { text: 'Route' }), el('dd', { text: `${d.route.tier} / ${d.route.queue}` }),
      el('dt', { text: 'SLA' }), el('dd', {}, 'first response ', timeEl(d.sla.firstResponseDue), ', resolution ', timeEl(d.sla.resolutionDue),
        d.sla.businessHours ? ' (business hours)' : '')),
    el('h3', { text: 'Reasons' }),
    el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Reasons', tabindex: '0' },
      el('table', {},
        el('thead', {}, el('tr', {}, ['Aspect', 'Rule', 'Why', 'Evidence'].map(h => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, d.rationale.map(r => el('tr', {},
          el('td', { text: words(r.aspect) }), el('td', {}, el('code', { text: r.rule })),
          el('td', {}, linked(r.explanation, known, { bare: true })), el('td', {}, evidenceLinks(r.evidenceIds, known))))))),
    d.escalation ? [
      el('h3', { text: `Escalation: ${words(d.escalation.trigger)} → ${d.escalation.target}${d.escalation.immediate ? ' (immediate)' : ''}` }),
      el('p', { text: d.escalation.reason }),
      el('dl', { class: 'kv' },
        el('dt', { text: 'Summary' }), el('dd', { text: d.escalation.packet.summary }),
        el('dt', { text: 'Business impact' }), el('dd', { text: d.escalation.packet.businessImpact }),
        el('dt', { text: 'Reproduction' }), el('dd', {}, el('ul', {}, d.escalation.packet.reproductionSteps.map(s => el('li', {}, linked(s, known))))),
        el('dt', { text: 'Ruled out' }), el('dd', {}, el('ul', {}, d.escalation.packet.checkedAndRuledOut.map(s => el('li', {}, linked(s, known))))),
        el('dt', { text: 'Workaround' }), el('dd', { text: d.escalation.packet.workaroundStatus }),
        el('dt', { text: 'Customer told' }), el('dd', { text: d.escalation.packet.customerCommunication }),
        el('dt', { text: 'SLA' }), el('dd', { text: d.escalation.packet.slaStatus })),
    ] : null,
    d.questionsToAsk?.length ? [el('h3', { text: 'Questions to ask the customer' }),
      el('ul', {}, d.questionsToAsk.map(q => el('li', { text: `${q.question} (${words(q.field)})` })))] : null);
}

/** The latest draft review on the timeline, unless a re-investigation (a new draft) came after it. */
function draftReview(c) {
  let review = null;
  for (const e of c.timeline ?? []) {
    if (e.kind === 'draftApproved' || e.kind === 'draftEdited') review = e;
    if (e.kind === 'reinvestigationRequested') review = null;
  }
  return review;
}

function renderDraft(c) {
  const draft = c.draft;
  const controls = document.getElementById('draft-controls');
  controls.hidden = !draft;
  if (!draft) { fill(view('draft'), el('p', { class: 'hint', text: 'No draft yet.' })); return; }
  const known = new Set((c.investigation?.evidence ?? []).map(e => e.id));
  const check = draft.check ?? { passed: false, issues: [] };
  const review = draftReview(c);
  fill(view('draft'),
    el('dl', { class: 'kv' },
      el('dt', { text: 'Kind' }), el('dd', { text: words(draft.kind) }),
      el('dt', { text: 'Subject' }), el('dd', { text: draft.subject }),
      el('dt', { text: 'Written by' }), el('dd', { text: `${draft.engine} (${draft.language})` }),
      el('dt', { text: 'Cites' }), el('dd', {}, evidenceLinks(draft.citations, known)),
      el('dt', { text: 'Review' }), el('dd', { 'data-draft-review': review?.kind ?? 'none' },
        review ? [review.kind === 'draftApproved' ? 'Approved' : 'Edited', ' by ', el('strong', { text: review.by }), ' at ', timeEl(review.at)] : 'Not reviewed yet')),
    el('div', { class: 'draft-body', 'data-draft-body': '' }, linked(draft.body, known)),
    el('h3', { text: 'Grounding and leak checks' }),
    el('p', { 'data-check': check.passed ? 'passed' : 'failed' },
      badge(check.passed ? 'passed' : 'failed', check.passed ? 'ok' : 'bad'),
      ` ${check.claimsChecked ?? 0} claims checked; ${check.issues?.length ?? 0} issue${check.issues?.length === 1 ? '' : 's'}.`,
      check.passed ? '' : ' The draft is not sendable until they are fixed.'),
    check.issues?.length ? el('ul', { class: 'issues' }, check.issues.map(i => el('li', {},
      el('span', { class: 'badge bad', text: words(i.kind) }), ' ', el('q', { text: i.sentence }), ' — ', el('span', { text: i.problem })))) : null,
    el('h3', { text: 'Internal note' }),
    el('pre', { class: 'internal-note', tabindex: '0', 'aria-label': 'Internal note' }, linked(draft.internalNote, known, { bare: true })));
  const editor = document.getElementById('draft-body');
  if (document.getElementById('draft-edit').hidden) editor.value = draft.body;
}

function renderResolution(c) {
  const r = c.resolution;
  document.getElementById('resolve').hidden = Boolean(r);
  const shown = document.getElementById('resolution-view');
  if (!r) { fill(shown); return; }
  fill(shown,
    el('h3', { text: 'Resolution' }),
    el('dl', { class: 'kv', 'data-resolution': '' },
      el('dt', { text: 'Root cause' }), el('dd', { text: r.rootCause }),
      el('dt', { text: 'Resolution' }), el('dd', { text: r.resolution }),
      el('dt', { text: 'Confirmed' }), el('dd', {}, 'by ', el('strong', { text: r.confirmedBy }), ' at ', timeEl(r.confirmedAt)),
      r.verification ? [el('dt', { text: 'Verification' }), el('dd', { text: r.verification })] : null,
      r.prevention ? [el('dt', { text: 'Prevention' }), el('dd', { text: r.prevention })] : null,
      r.lessonsLearned ? [el('dt', { text: 'Lessons learned' }), el('dd', { text: r.lessonsLearned })] : null,
      r.learned ? [el('dt', { text: 'Learned' }), el('dd', { text: typeof r.learned === 'object' ? Object.entries(r.learned).map(([k, v]) => `${words(k)}: ${v}`).join('; ') : String(r.learned) })] : null,
      r.suggestedArticle ? [el('dt', { text: 'Suggested article' }), el('dd', { text: r.suggestedArticle.title ?? '' })] : null));
}

function eventDetail(e) {
  const parts = [];
  if (e.field) parts.push(`${words(e.field)}: ${e.from ?? '—'} → ${e.to ?? '—'}`);
  if (e.tier) parts.push(`to ${e.tier}`);
  if (e.trigger) parts.push(words(e.trigger));
  if (e.breach) parts.push(`${words(e.breach)} target missed${e.due ? ` (due ${time(e.due)})` : ''}`);
  if (e.detail) parts.push(e.detail);
  return parts.join(' · ');
}

function renderHistory(c) {
  const events = c.timeline ?? [];
  fill(view('history'),
    el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Case history', tabindex: '0' },
      el('table', { class: 'history' },
        el('thead', {}, el('tr', {}, ['When', 'What', 'Who', 'Detail'].map(h => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, events.length ? events.map(e => el('tr', { 'data-event': e.kind },
          el('td', {}, timeEl(e.at)), el('td', { text: words(e.kind) }), el('td', { text: e.by }), el('td', { text: eventDetail(e) })))
          : el('tr', {}, el('td', { colspan: 4, class: 'empty-state', text: 'Nothing recorded yet.' }))))));
}

function updateControls(c) {
  const open = c.status !== 'resolved';
  const approve = document.getElementById('approve-draft');
  approve.disabled = !c.draft?.check?.passed || !open;
  approve.title = c.draft?.check?.passed ? '' : 'A draft that failed its checks cannot be approved; edit it first.';
  const acknowledged = (c.timeline ?? []).some(e => e.kind === 'acknowledged');
  document.getElementById('acknowledge').hidden = !open || acknowledged || !c.decision;
  const retryable = c.status === 'failed' || c.status === 'parked';
  const retry = document.getElementById('retry');
  retry.querySelector('button').disabled = !retryable;
  retry.querySelector('[data-retry-hint]').textContent = retryable
    ? `This case is ${c.status}${c.error ? `: ${c.error}` : ''}.`
    : 'Only a failed or parked case can be retried.';
  document.getElementById('override').querySelector('button').disabled = !c.decision || !open;
  document.getElementById('reinvestigate').querySelector('button').disabled = !open || c.status === 'queued' || c.status === 'investigating';
}

function show(c) {
  current = c;
  document.getElementById('case').hidden = false;
  renderSummary(c);
  renderTicket(c);
  renderFacts(c);
  renderInvestigation(c);
  renderEvidence(c);
  renderDecision(c);
  renderDraft(c);
  renderResolution(c);
  renderHistory(c);
  updateControls(c);
  clearTimeout(poll);
  if (c.status === 'queued' || c.status === 'investigating') {
    say(message, `This case is ${c.status}; the page follows it.`, 'warn');
    poll = setTimeout(load, POLL_MS);
  } else if (message.classList.contains('warn')) {
    say(message, `The investigation finished: ${words(c.status)}.`, 'ok');
  }
  if (!arrived) {
    arrived = true;
    if (location.hash) goTo(location.hash.slice(1));   // the target did not exist when the page loaded
    loadSimilar();
  }
}

async function load() {
  try {
    show(await api(`/v1/cases/${encodeURIComponent(caseId)}`));
  } catch (error) {
    say(message, error.message, 'error');
  }
}

async function loadSimilar() {
  const target = view('similar');
  fill(target, el('p', { class: 'hint', text: 'Looking for similar resolved cases…' }));
  try {
    const found = await api(`/v1/cases/${encodeURIComponent(caseId)}/similar?limit=5`);
    const items = found?.items ?? [];
    fill(target, items.length
      ? el('ol', { class: 'similar' }, items.map(s => el('li', { 'data-similar': s.caseId },
        el('a', { href: `/review/cases/${encodeURIComponent(s.caseId)}`, text: s.problem || s.caseId }),
        ` — ${Math.round((s.score ?? 0) * 100)}% similar`, s.disposition ? `, ${words(s.disposition)}` : '',
        s.resolvedAt ? [', resolved ', timeEl(s.resolvedAt)] : '',
        el('div', { class: 'hint' }, 'Root cause: ', el('span', { text: s.rootCause ?? '—' })),
        el('div', { class: 'hint' }, 'Resolution: ', el('span', { text: s.resolution ?? '—' })))))
      : el('p', { class: 'hint', text: 'No similar resolved case yet.' }));
  } catch (error) {
    fill(target, el('p', { class: 'notice error', text: `Similar cases could not be loaded: ${error.message}` }));
  }
}

/** Scrolls to an anchor (an evidence card, a step) and moves the keyboard focus there. */
function goTo(id) {
  const target = id && document.getElementById(decodeURIComponent(id));
  if (!target) return;
  document.querySelectorAll('.focused').forEach(node => node.classList.remove('focused'));
  target.classList.add('focused');
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}

// ---- Actions ----

/** Runs an action: its button is busy meanwhile, the outcome is said next to it, the case is redrawn from the answer. */
async function act(container, button, request, done) {
  const out = output(container);
  button.disabled = true;
  fill(out);
  try {
    const updated = await request();
    if (updated?.id) show(updated);
    say(out, typeof done === 'function' ? done(updated) : done, 'ok');
    return updated;
  } catch (error) {
    say(out, error.message, 'error');
    return null;
  } finally {
    button.disabled = false;
    if (current) updateControls(current);
  }
}

function post(path, body) {
  return api(`/v1/cases/${encodeURIComponent(caseId)}/${path}`, { method: 'POST', body });
}

function wireDraft() {
  const controls = document.getElementById('draft-controls');
  const editForm = document.getElementById('draft-edit');
  const editButton = document.getElementById('edit-draft');
  const openEditor = openIt => {
    editForm.hidden = !openIt;
    editButton.setAttribute('aria-expanded', String(openIt));
    if (openIt) { document.getElementById('draft-body').value = current?.draft?.body ?? ''; document.getElementById('draft-body').focus(); }
  };
  editButton.addEventListener('click', () => openEditor(editForm.hidden));
  document.getElementById('cancel-edit').addEventListener('click', () => { openEditor(false); editButton.focus(); });
  document.getElementById('approve-draft').addEventListener('click', () =>
    act(controls, document.getElementById('approve-draft'), () => post('draft', { action: 'approve', by: me.keyId }), `Draft approved by ${me.keyId}.`));
  editForm.addEventListener('submit', async event => {
    event.preventDefault();
    const body = document.getElementById('draft-body').value;
    const updated = await act(controls, editForm.querySelector('button[type="submit"]'), () => post('draft', { action: 'edit', body, by: me.keyId }),
      c => c?.draft?.check?.passed ? 'Edited draft saved; it passed its checks.' : `Edited draft saved; its checks found ${c?.draft?.check?.issues?.length ?? 0} issue(s).`);
    if (!updated) return;
    openEditor(false);
    // The lead reads the checks' verdict next: bring it into view, keep the keyboard on the draft's controls.
    document.querySelector('#draft [data-check]')?.scrollIntoView({ block: 'center' });
    editButton.focus({ preventScroll: true });
  });
}

function wireOverride() {
  const form = document.getElementById('override');
  const field = document.getElementById('override-field');
  const choice = document.getElementById('override-value');
  const route = document.getElementById('override-route');
  document.getElementById('routes').append(...ROUTES.map(r => el('option', { value: r })));
  const sync = () => {
    const isRoute = field.value === 'route';
    form.querySelector('[data-for="choice"]').hidden = isRoute;
    form.querySelector('[data-for="route"]').hidden = !isRoute;
    route.required = isRoute;
    if (!isRoute) {
      const values = field.value === 'priority' ? PRIORITIES : DISPOSITIONS;
      fill(choice, values.map(v => el('option', { value: v, text: words(v) })));
      const now = field.value === 'priority' ? current?.decision?.priority : current?.decision?.disposition;
      if (now) choice.value = now;
    }
  };
  field.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', event => {
    event.preventDefault();
    const value = field.value === 'route' ? route.value.trim() : choice.value;
    const reason = document.getElementById('override-reason').value.trim();
    act(form, form.querySelector('button[type="submit"]'), () => post('override', { field: field.value, value, reason, by: me.keyId }), `${words(field.value)} overridden to ${value}.`)
      .then(updated => { if (updated) document.getElementById('override-reason').value = ''; });
  });
  return sync;
}

function wireActions() {
  const reinvestigate = document.getElementById('reinvestigate');
  reinvestigate.addEventListener('submit', event => {
    event.preventDefault();
    const reason = document.getElementById('reinvestigate-reason').value.trim();
    act(reinvestigate, reinvestigate.querySelector('button'), () => post('reinvestigation', reason ? { by: me.keyId, reason } : { by: me.keyId }), 'Re-investigation requested; the page follows it.');
  });
  const acknowledge = document.getElementById('acknowledge');
  acknowledge.addEventListener('submit', event => {
    event.preventDefault();
    act(acknowledge, acknowledge.querySelector('button'), () => post('acknowledgement', { by: me.keyId }), `Acknowledged by ${me.keyId}.`);
  });
  const retry = document.getElementById('retry');
  retry.addEventListener('submit', event => {
    event.preventDefault();
    act(retry, retry.querySelector('button'), () => post('retry', { by: me.keyId }), 'Queued again; the page follows it.');
  });
  const resolve = document.getElementById('resolve');
  resolve.addEventListener('submit', event => {
    event.preventDefault();
    const value = name => resolve.elements[name].value.trim();
    const body = { rootCause: value('rootCause'), resolution: value('resolution'), confirmedBy: me.keyId };
    for (const optional of ['verification', 'prevention', 'lessonsLearned']) if (value(optional)) body[optional] = value(optional);
    act(resolve, resolve.querySelector('button[type="submit"]'), () => post('resolution', body), `Resolution confirmed by ${me.keyId}; the case is learned.`)
      .then(updated => {
        if (!updated) return;
        const shown = document.getElementById('resolution-view');
        shown.setAttribute('tabindex', '-1');
        shown.scrollIntoView({ block: 'center' });
        shown.focus({ preventScroll: true });
      });
  });
}

// "Show in ticket": highlight a fact's source text in the ticket.
document.addEventListener('click', event => {
  const button = event.target.closest?.('button[data-show]');
  if (!button || !current) return;
  renderTicket(current, JSON.parse(button.dataset.show));
});
window.addEventListener('hashchange', () => goTo(location.hash.slice(1)));
// Following the same citation twice changes no hash (no hashchange): move there all the same.
document.addEventListener('click', event => {
  const link = event.target.closest?.('a[href^="#"]');
  if (link && link.getAttribute('href') === location.hash) goTo(location.hash.slice(1));
});

(async () => {
  try {
    me = await header();
  } catch (error) {
    say(message, error.message, 'error');
    return;
  }
  wireDraft();
  const syncOverride = wireOverride();
  wireActions();
  await load();
  syncOverride();
})();
