/**
 * One SVG bar chart per suite, drawn from the JSON alone: a bar for each row's
 * median of the primary metric, a whisker for its min–max over the runs,
 * colour by kind (limit, model, peer). Plain SVG, no library.
 * Read markdown.ts next.
 */
import type { Kind, Suite } from '../schema.js';
import { fmt } from '../stats.js';

const COLOURS: Record<Kind, string> = { limit: '#6b7280', model: '#2563eb', peer: '#d97706' };
const WIDTH = 760;
const LABEL = 150;
const VALUE = 150;
const ROW = 26;
const TOP = 48;

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart of `suite`'s primary metric as an SVG document. */
export function barChart(suite: Suite): string {
  const unit = suite.rows.find((r) => r.metrics[suite.primary])?.metrics[suite.primary]?.unit ?? '';
  const max = Math.max(
    ...suite.rows.map((r) => r.metrics[suite.primary]?.max ?? 0).filter(Number.isFinite),
    Number.MIN_VALUE,
  );
  const plot = WIDTH - LABEL - VALUE;
  const x = (v: number): number => LABEL + (v / max) * plot;
  const height = TOP + suite.rows.length * ROW + 30;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<title>${esc(`${suite.title}: ${unit}, ${suite.better} is better`)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${esc(suite.title)}</text>`,
    `<text x="10" y="38" fill="#444">${esc(`${unit}, ${suite.better} is better — bar: median, whisker: min–max over the runs`)}</text>`,
  ];
  suite.rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    const f = row.metrics[suite.primary];
    out.push(`<text x="${LABEL - 8}" y="${y + 17}" text-anchor="end">${esc(row.name)}</text>`);
    if (!f || f.runs === 0) {
      const why = (row.error ?? 'no result').slice(0, 70);
      out.push(
        `<text x="${LABEL + 4}" y="${y + 17}" fill="#b91c1c">${esc(`failed: ${why}`)}</text>`,
      );
      return;
    }
    out.push(
      `<rect x="${LABEL}" y="${y + 5}" width="${Math.max(1, x(f.median) - LABEL).toFixed(1)}" height="${ROW - 10}" fill="${COLOURS[row.kind]}"/>`,
      `<line x1="${x(f.min).toFixed(1)}" x2="${x(f.max).toFixed(1)}" y1="${y + ROW / 2}" y2="${y + ROW / 2}" stroke="#111" stroke-width="1.5"/>`,
      `<line x1="${x(f.min).toFixed(1)}" x2="${x(f.min).toFixed(1)}" y1="${y + 8}" y2="${y + ROW - 8}" stroke="#111"/>`,
      `<line x1="${x(f.max).toFixed(1)}" x2="${x(f.max).toFixed(1)}" y1="${y + 8}" y2="${y + ROW - 8}" stroke="#111"/>`,
      `<text x="${WIDTH - VALUE + 8}" y="${y + 17}">${esc(fmt(f.median))}</text>`,
    );
  });
  const legendY = TOP + suite.rows.length * ROW + 18;
  (['limit', 'model', 'peer'] as const).forEach((kind, i) => {
    const lx = LABEL + i * 110;
    out.push(
      `<rect x="${lx}" y="${legendY - 10}" width="12" height="12" fill="${COLOURS[kind]}"/>`,
      `<text x="${lx + 18}" y="${legendY}">${kind}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
