// The case list: filters (kept in the address, so a filtered list can be bookmarked or shared), SLA time left on
// each row, paging, and a poll that brings in new and changed cases without a reload.
import { el, fill, header, api, badge, words, time, timeEl, timeLeft, say, DISPOSITIONS, PRIORITIES, TIERS } from './common.js';

const POLL_MS = 5000;
const PAGE_SIZE = 25;
const FILTERS = ['status', 'disposition', 'priority', 'tier', 'dueWithinHours'];

const form = document.getElementById('filters');
const body = document.querySelector('#cases tbody');
const message = document.getElementById('message');
const pageInfo = document.getElementById('page-info');
const refreshed = document.getElementById('refreshed');
const prev = document.getElementById('prev');
const next = document.getElementById('next');

let state = fromAddress();
let seen = null;       // ids shown since the filters last changed; null until the first answer

for (const [id, values] of [['f-disposition', DISPOSITIONS], ['f-priority', PRIORITIES], ['f-tier', TIERS]]) {
  document.getElementById(id).append(...values.map(v => el('option', { value: v, text: words(v) })));
}

function fromAddress() {
  const query = new URLSearchParams(location.search);
  const read = {};
  for (const name of FILTERS) read[name] = query.get(name) ?? '';
  read.page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  return read;
}

function toForm() {
  for (const name of FILTERS) form.elements[name].value = state[name];
}

function fromForm() {
  const read = { page: 1 };
  for (const name of FILTERS) read[name] = form.elements[name].value;
  return read;
}

function query(withPaging) {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (state[name]) query.set(name, state[name]);
  if (withPaging || state.page > 1) query.set('page', String(state.page));
  if (withPaging) query.set('pageSize', String(PAGE_SIZE));
  return query.toString();
}

function slaCell(item) {
  if (item.status === 'resolved') return el('span', { class: 'sub', text: 'Resolved' });
  const firstResponse = Boolean(item.firstResponseDue) && item.acknowledged !== true;
  const due = firstResponse ? item.firstResponseDue : item.resolutionDue;
  if (!due) return '—';
  const left = timeLeft(due);
  const target = firstResponse ? 'first response' : 'resolution';
  return el('span', { class: left.overdue ? 'sla-overdue' : left.soon ? 'sla-soon' : null, title: `${target} due ${time(due)}` },
    left.text, el('div', { class: 'sub', text: target }));
}

function row(item, isNew) {
  return el('tr', { class: isNew ? 'new' : null, 'data-case-id': item.id },
    el('td', {},
      el('a', { href: `/review/cases/${encodeURIComponent(item.id)}`, text: item.subject || '(no subject)' }),
      el('div', { class: 'sub mono', text: item.id })),
    el('td', { class: 'col-optional' }, item.accountId ?? '—'),
    el('td', {}, badge(item.status)),
    el('td', {}, item.disposition ? words(item.disposition) : '—'),
    el('td', {}, item.priority ? badge(item.priority) : '—'),
    el('td', {}, item.tier ?? '—', item.queue ? el('div', { class: 'sub', text: item.queue }) : null),
    el('td', { 'data-sla': '' }, slaCell(item)),
    el('td', { class: 'col-optional' }, timeEl(item.receivedAt)));
}

function render(page, fresh) {
  // Re-rendering must not take the keyboard focus away from the row the lead is on.
  const focusedId = document.activeElement?.closest?.('tr[data-case-id]')?.dataset.caseId;
  const rows = page.items.map(item => row(item, fresh.has(item.id)));
  fill(body, rows.length ? rows : el('tr', {}, el('td', { colspan: 8, class: 'empty-state', text: 'No cases match these filters.' })));
  if (focusedId) body.querySelector(`tr[data-case-id="${CSS.escape(focusedId)}"] a`)?.focus();
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  pageInfo.textContent = `Page ${page.page} of ${pages} · ${page.total} case${page.total === 1 ? '' : 's'}`;
  prev.disabled = page.page <= 1;
  next.disabled = page.page >= pages;
}

let latest = 0;   // answers arrive in any order: only the newest request's answer is drawn

async function load({ polled = false } = {}) {
  const mine = ++latest;
  try {
    const page = await api(`/v1/cases?${query(true)}`);
    if (mine !== latest) return;
    const fresh = new Set(seen ? page.items.filter(i => !seen.has(i.id)).map(i => i.id) : []);
    render(page, fresh);
    seen = new Set([...(seen ?? []), ...page.items.map(i => i.id)]);
    if (polled && fresh.size > 0) say(message, `${fresh.size} new case${fresh.size === 1 ? '' : 's'} arrived.`, 'ok');
    else if (!polled) fill(message);
    refreshed.textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (mine === latest) say(message, error.message, 'error');
  }
}

function apply(newState) {
  state = newState;
  seen = null;
  history.replaceState(null, '', `${location.pathname}${query(false) ? `?${query(false)}` : ''}`);
  return load();
}

form.addEventListener('submit', event => { event.preventDefault(); apply(fromForm()); });
form.addEventListener('change', () => apply(fromForm()));
form.addEventListener('reset', () => setTimeout(() => apply(fromForm())));
prev.addEventListener('click', () => apply({ ...state, page: Math.max(1, state.page - 1) }));
next.addEventListener('click', () => apply({ ...state, page: state.page + 1 }));

toForm();
header().catch(() => {});
load();
setInterval(() => { if (!document.hidden) load({ polled: true }); }, POLL_MS);
document.addEventListener('visibilitychange', () => { if (!document.hidden) load({ polled: true }); });
