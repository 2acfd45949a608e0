// What every review page shares: the session, the API client, element builders, formatting.
// Case text is always put in the page as text (textContent, text nodes), never parsed as HTML.

/** Builds an element. attrs: class, text, for, dataset values (data-*), aria-*, any attribute; children: nodes, strings, arrays; null/false skipped. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Builds an SVG element (charts are drawn with these, no library). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (name === 'for') node.setAttribute('for', value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

// ---- Session and API ----

let current = null;

/** The signed-in key (recorded as who acts), its scopes and the CSRF token; fetched once per page. */
export function session(refresh = false) {
  if (!current || refresh) {
    current = fetch('/review/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(async response => {
        if (response.status === 401) { toSignIn(); throw new Error('Signed out'); }
        if (!response.ok) throw new ProblemError(await response.json().catch(() => null), response.status);
        return response.json();
      });
    current.catch(() => { current = null; });
  }
  return current;
}

export function toSignIn() {
  location.assign('/review/sign-in?returnUrl=' + encodeURIComponent(location.pathname + location.search + location.hash));
}

/** An RFC 7807 answer of the API, with what it says to fix. */
export class ProblemError extends Error {
  constructor(problem, status) {
    super(problemText(problem, status));
    this.problem = problem;
    this.status = status;
  }
}

function problemText(problem, status) {
  if (!problem) return `The service answered ${status}.`;
  const parts = [problem.title, problem.detail].filter(Boolean);
  for (const [field, messages] of Object.entries(problem.errors ?? {})) parts.push(`${field}: ${[].concat(messages).join(' ')}`);
  return parts.join(' — ') || `The service answered ${status}.`;
}

/** Calls the JSON API with the session cookie; a change carries the CSRF token (fetched again once if refused). */
export async function api(path, { method = 'GET', body } = {}) {
  const send = async token => {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['X-CSRF-Token'] = token;
    return fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  };
  const changes = method !== 'GET' && method !== 'HEAD';
  let response = await send(changes ? (await session()).csrfToken : null);
  if (changes && response.status === 403) {
    const problem = await response.clone().json().catch(() => null);
    if (problem?.title?.startsWith('CSRF')) response = await send((await session(true)).csrfToken);
  }
  if (response.status === 401) { toSignIn(); throw new Error('Signed out'); }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ProblemError(data, response.status);
  return data;
}

/** Fills the header: who is signed in, and the sign-out form's token. */
export async function header() {
  const me = await session();
  const who = document.getElementById('who');
  if (who) fill(who, 'Signed in as ', el('strong', { text: me.keyId }));
  const token = document.querySelector('#sign-out input[name="csrf"]');
  if (token) token.value = me.csrfToken;
  return me;
}

/** Shows a message in a live region: kind ok, error or warn. */
export function say(region, message, kind = 'ok') {
  region.className = `notice ${kind}`;
  region.textContent = message;
}

// ---- Formatting ----

/** "2026-11-12 13:30 UTC", the way evidence and the SLA write times. */
export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A <time> element with the exact instant in its datetime attribute. */
export function timeEl(iso) {
  return iso ? el('time', { datetime: iso, text: time(iso) }) : '—';
}

/** "2 d 4 h", "3 h 20 min", "45 s". */
export function span(ms) {
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60000);
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${Math.max(1, Math.round(abs / 1000))} s`;
}

/** Time left to an SLA target: { text, overdue, soon } against now. */
export function timeLeft(dueIso, now = Date.now()) {
  const left = new Date(dueIso).getTime() - now;
  if (left < 0) return { text: `overdue by ${span(left)}`, overdue: true, soon: false };
  return { text: `${span(left)} left`, overdue: false, soon: left < 3600000 };
}

/** "userOrConfigurationMistake" → "User or configuration mistake"; P0, tier2 and ids stay as they are. */
export function words(value) {
  if (value === null || value === undefined || value === '') return '—';
  const text = String(value);
  if (/^(P\d|tier\d|[A-Z]\d+)$/.test(text)) return text;
  const spaced = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function badge(value, extra) {
  return el('span', { class: ['badge', String(value ?? ''), extra], text: words(value) });
}

export function percent(part, whole) {
  return whole ? `${Math.round((100 * part) / whole)}%` : '—';
}

/** The constants of the contract, for the filters and the override form. */
export const DISPOSITIONS = ['expectedBehaviour', 'userOrConfigurationMistake', 'productDefect', 'incident', 'needsInformation'];
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'];
export const TIERS = ['tier1', 'tier2', 'tier3'];
export const STATUSES = ['queued', 'investigating', 'completed', 'failed', 'parked', 'resolved'];
