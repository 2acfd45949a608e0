// Insights over a chosen period: volumes, SLA compliance and breaches per priority, escalations and corrected
// misroutes, time to first evidence, and recurring problems with the help article suggested for each.
import { el, fill, header, api, words, say, span, percent, PRIORITIES } from './common.js';
import { barChart, groupedBars } from './charts.js';

const form = document.getElementById('period');
const message = document.getElementById('message');
const target = document.getElementById('insights');
const DAY = 86400000;

const isoDay = date => date.toISOString().slice(0, 10);

function setPeriod(days) {
  const today = new Date();
  form.elements.to.value = isoDay(today);
  form.elements.from.value = isoDay(new Date(today.getTime() - (days - 1) * DAY));
}

function stat(label, value, hint) {
  return el('div', { class: 'stat', 'data-stat': label },
    el('div', { class: 'value', text: value }), el('div', { class: 'label', text: label }), hint ? el('div', { class: 'hint', text: hint }) : null);
}

const entries = counts => Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label: words(label), value }));

function seconds(value) {
  if (value === null || value === undefined) return '—';
  return value < 60 ? `${(Math.round(value * 10) / 10).toString()} s` : span(value * 1000);
}

function rate(value) {
  if (value === null || value === undefined) return '—';
  return `${Math.round((value <= 1 ? value * 100 : value))}%`;
}

function article(suggested) {
  if (!suggested) return el('span', { class: 'hint', text: 'none — the knowledge base answers it, or too few cases' });
  if (typeof suggested === 'string') return el('span', { text: suggested });
  const title = suggested.title ?? suggested.problem ?? suggested.caseId ?? 'Suggested article';
  return suggested.caseId
    ? el('a', { href: `/v1/knowledge/suggestions/${encodeURIComponent(suggested.caseId)}`, text: title })
    : el('span', { text: title });
}

function render(data) {
  const sla = [...(data.sla ?? [])].sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority));
  const overrides = data.overrides ?? {};
  const ttfe = data.timeToFirstEvidence ?? {};
  fill(target,
    el('section', { class: 'panel', 'aria-labelledby': 'h-overview' },
      el('h2', { id: 'h-overview', text: 'Overview' }),
      el('div', { class: 'stats' },
        stat('Cases', String(data.cases ?? 0)),
        stat('Escalation rate', rate(data.escalationRate), `${data.escalations ?? 0} escalated`),
        stat('Misroutes corrected', String(data.misroutesCorrected ?? 0), 'route overrides by a lead'),
        stat('Time to first evidence', seconds(ttfe.medianSeconds), `median over ${ttfe.cases ?? 0} cases; p90 ${seconds(ttfe.p90Seconds)}`))),
    el('section', { class: 'panel', 'aria-labelledby': 'h-volumes' },
      el('h2', { id: 'h-volumes', text: 'Volumes' }),
      el('div', { class: 'charts' },
        barChart('Cases by disposition', entries(data.volumes?.byDisposition)),
        barChart('Cases by type', entries(data.volumes?.byType)),
        barChart('Cases by priority', PRIORITIES.filter(p => p in (data.volumes?.byPriority ?? {})).map(p => ({ label: p, value: data.volumes.byPriority[p] }))))),
    el('section', { class: 'panel', 'aria-labelledby': 'h-sla' },
      el('h2', { id: 'h-sla', text: 'SLA' }),
      el('div', { class: 'charts' },
        groupedBars('SLA compliance per priority', sla.map(s => s.priority), [
          { name: 'First response met', cls: 'bar', values: sla.map(s => (s.cases ? Math.round((100 * s.firstResponseMet) / s.cases) : 0)) },
          { name: 'Resolution met', cls: 'alt', values: sla.map(s => (s.cases ? Math.round((100 * s.resolutionMet) / s.cases) : 0)) },
        ], { max: 100, unit: '%' }),
        barChart('SLA breaches per priority', sla.map(s => ({ label: `${s.priority} (${percent(s.breaches, s.cases)} of ${s.cases})`, value: s.breaches, cls: 'bad' }))))),
    el('section', { class: 'panel', 'aria-labelledby': 'h-corrections' },
      el('h2', { id: 'h-corrections', text: 'Escalations and corrections' }),
      el('div', { class: 'charts' },
        barChart('Escalated and not', [
          { label: 'Escalated', value: data.escalations ?? 0, cls: 'bad' },
          { label: 'Not escalated', value: Math.max(0, (data.cases ?? 0) - (data.escalations ?? 0)) },
        ]),
        barChart('Overrides by a lead', ['disposition', 'priority', 'route'].map(f => ({ label: words(f), value: overrides[f] ?? 0, cls: 'alt' }))),
        barChart('Time to first evidence', [
          { label: 'Median', value: ttfe.medianSeconds ?? 0 },
          { label: '90th percentile', value: ttfe.p90Seconds ?? 0, cls: 'alt' },
        ], { format: v => (Math.round(v * 10) / 10).toString(), unit: ' s' }))),
    el('section', { class: 'panel', 'aria-labelledby': 'h-recurring' },
      el('h2', { id: 'h-recurring', text: 'Recurring problems' }),
      (data.recurring ?? []).length
        ? el('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Recurring problems', tabindex: '0' },
          el('table', {},
            el('thead', {}, el('tr', {}, ['Problem', 'Cases', 'Which', 'Suggested article'].map(h => el('th', { scope: 'col', text: h })))),
            el('tbody', {}, data.recurring.map(r => el('tr', { 'data-recurring': r.label },
              el('td', { text: r.label }), el('td', { text: String(r.size) }),
              el('td', {}, (r.caseIds ?? []).flatMap((id, i) => [i ? ', ' : '', el('a', { href: `/review/cases/${encodeURIComponent(id)}`, class: 'mono', text: id.slice(-8) })])),
              el('td', {}, article(r.suggestedArticle)))))))
        : el('p', { class: 'hint', text: 'No problem recurred in this period.' })));
}

async function load() {
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  if (!from || !to) return;
  // The period is whole days: from the start of "from" to the end of "to" (exclusive midnight after it), in UTC.
  const end = isoDay(new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY));
  history.replaceState(null, '', `${location.pathname}?from=${from}&to=${to}`);
  fill(message);
  try {
    render(await api(`/v1/insights?from=${encodeURIComponent(`${from}T00:00:00Z`)}&to=${encodeURIComponent(`${end}T00:00:00Z`)}`));
  } catch (error) {
    fill(target);
    say(message, error.message, 'error');
  }
}

form.addEventListener('submit', event => { event.preventDefault(); load(); });
form.addEventListener('click', event => {
  const days = event.target.closest?.('button[data-days]')?.dataset.days;
  if (days) { setPeriod(Number(days)); load(); }
});

const query = new URLSearchParams(location.search);
if (query.get('from') && query.get('to')) {
  form.elements.from.value = query.get('from');
  form.elements.to.value = query.get('to');
} else {
  setPeriod(30);
}
header().catch(() => {});
load();
