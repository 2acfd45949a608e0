// Charts drawn as inline SVG, no library. Each chart is a <figure> with a caption, an SVG that names itself for
// screen readers, and the same numbers as a table behind a disclosure.
import { el, svg } from './common.js';

const WIDTH = 560;

function dataTable(headers, rows) {
  return el('details', { class: 'data' },
    el('summary', { text: 'Show the numbers' }),
    el('table', {},
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map(r => el('tr', {}, r.map((cell, i) => i === 0 ? el('th', { scope: 'row', text: cell }) : el('td', { text: cell })))))));
}

let counter = 0;

/** A label that fits beside its bar; the full one is in the chart's title and its table. */
const short = label => (label.length > 30 ? `${label.slice(0, 29)}…` : label);

/** Horizontal bars, one per item: [{ label, value, cls }]. */
export function barChart(title, items, { format = v => String(v), unit = '' } = {}) {
  const id = `chart-${++counter}`;
  const row = 26, labelWidth = 190, valueWidth = 70;
  const height = Math.max(1, items.length) * row + 8;
  const max = Math.max(1, ...items.map(i => i.value));
  const plot = WIDTH - labelWidth - valueWidth;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': `${id}-title`, class: 'chart' },
    svg('title', { id: `${id}-title`, text: `${title}: ${items.map(i => `${i.label} ${format(i.value)}${unit}`).join(', ') || 'no data'}` }),
    items.length ? null : svg('text', { x: 0, y: 18, text: 'No data for this period.' }),
    items.map((item, i) => {
      const y = 4 + i * row;
      const w = Math.max(item.value > 0 ? 2 : 0, (item.value / max) * plot);
      return svg('g', {},
        svg('text', { x: labelWidth - 8, y: y + 16, 'text-anchor': 'end', text: short(item.label) }),
        svg('rect', { x: labelWidth, y: y + 3, width: w.toFixed(1), height: row - 8, class: ['bar', item.cls] }),
        svg('text', { x: labelWidth + w + 6, y: y + 16, text: `${format(item.value)}${unit}` }));
    }),
    svg('line', { x1: labelWidth, x2: labelWidth, y1: 0, y2: height, class: 'axis' }));
  return el('figure', { class: 'chart', 'data-chart': title },
    el('figcaption', { text: title }), chart,
    dataTable(['', 'Value'], items.map(i => [i.label, `${format(i.value)}${unit}`])));
}

/** Vertical bars grouped by category: series [{ name, cls, values }], all on one scale (0..max). */
export function groupedBars(title, categories, series, { max, format = v => String(v), unit = '' } = {}) {
  const id = `chart-${++counter}`;
  const height = 220, bottom = 24, top = 18, left = 48;
  const plotHeight = height - bottom - top;
  const top_ = max ?? Math.max(1, ...series.flatMap(s => s.values));
  const groupWidth = (WIDTH - left) / Math.max(1, categories.length);
  const barWidth = Math.min(40, (groupWidth - 16) / Math.max(1, series.length));
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': `${id}-title`, class: 'chart' },
    svg('title', { id: `${id}-title`, text: `${title}: ${categories.map((c, i) => `${c} ${series.map(s => `${s.name} ${format(s.values[i])}${unit}`).join(', ')}`).join('; ') || 'no data'}` }),
    svg('line', { x1: left, x2: WIDTH, y1: height - bottom, y2: height - bottom, class: 'axis' }),
    svg('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', text: `${format(top_)}${unit}` }),
    svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', text: '0' }),
    categories.length ? null : svg('text', { x: left + 8, y: height / 2, text: 'No data for this period.' }),
    categories.map((category, i) => {
      const x0 = left + i * groupWidth + (groupWidth - barWidth * series.length) / 2;
      return svg('g', {},
        series.map((s, j) => {
          const value = s.values[i] ?? 0;
          const h = top_ > 0 ? (value / top_) * plotHeight : 0;
          const x = x0 + j * barWidth;
          return svg('g', {},
            svg('rect', { x: x.toFixed(1), y: (height - bottom - h).toFixed(1), width: (barWidth - 4).toFixed(1), height: h.toFixed(1), class: ['bar', s.cls] }),
            svg('text', { x: (x + (barWidth - 4) / 2).toFixed(1), y: (height - bottom - h - 4).toFixed(1), 'text-anchor': 'middle', text: `${format(value)}${unit}` }));
        }),
        svg('text', { x: (left + i * groupWidth + groupWidth / 2).toFixed(1), y: height - 6, 'text-anchor': 'middle', text: category }));
    }));
  return el('figure', { class: 'chart', 'data-chart': title },
    el('figcaption', { text: title }), chart,
    el('div', { class: 'legend' }, series.map(s => el('span', {}, el('span', { class: ['swatch', s.cls ?? 'bar'] }), s.name))),
    dataTable(['', ...series.map(s => s.name)], categories.map((c, i) => [c, ...series.map(s => `${format(s.values[i] ?? 0)}${unit}`)])));
}
