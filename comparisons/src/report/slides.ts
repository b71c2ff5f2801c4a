/**
 * Slides for a speaker (`rosetta report --slides`): every side-by-side pair of models for
 * every task, every task's metrics row, and every benchmark chart, each as a 1920×1080
 * SVG and a PNG of it rendered by the same headless Chromium the tests use.
 * Contract: files go to `<out>/slides/`: `pair-<task>-<a>-vs-<b>`, `metrics-<task>`,
 * `chart-<suite>`, each `.svg` and `.png`. Code keeps shiki's colours and its file's line
 * numbers; the font shrinks to fit the longest column. Read command.ts next.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.js';
import { METRICS, type ReportData } from './data.js';
import type { CodeHighlighter } from './highlight.js';
import { type Chart, esc } from './html.js';
import type { Exhibit } from './sources.js';

const W = 1920;
const H = 1080;
const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
const SANS = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

const frame = (title: string, body: string, foot: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<rect width="${W}" height="${H}" fill="#ffffff"/>
<text x="60" y="78" font-family="${SANS}" font-size="44" font-weight="700" fill="#111">${esc(title)}</text>
${body}
<text x="60" y="${H - 28}" font-family="${SANS}" font-size="20" fill="#6b7280">${esc(foot)}</text>
</svg>\n`;

function codeColumn(hl: CodeHighlighter, e: Exhibit, x: number, size: number): string {
  const lines = hl.tokens(e.code);
  const step = size * 1.32;
  const out = [
    `<text x="${x}" y="150" font-family="${SANS}" font-size="30" font-weight="700" fill="#2563eb">${esc(e.model)}</text>`,
    `<text x="${x}" y="182" font-family="${SANS}" font-size="20" fill="#555">${esc(`${e.file}:${e.lines.start}–${e.lines.end}`)}</text>`,
  ];
  lines.forEach((tokens, i) => {
    const y = 225 + i * step;
    const spans = tokens.map((t) => `<tspan fill="${t.color}">${esc(t.content)}</tspan>`).join('');
    out.push(
      `<text x="${x + size * 2.6}" y="${y.toFixed(1)}" text-anchor="end" font-family="${MONO}" font-size="${size.toFixed(1)}" fill="#9ca3af">${e.lines.start + i}</text>`,
      `<text x="${x + size * 3.4}" y="${y.toFixed(1)}" font-family="${MONO}" font-size="${size.toFixed(1)}" xml:space="preserve">${spans}</text>`,
    );
  });
  return `<g>${out.join('\n')}</g>`;
}

/** The font size that fits both columns' lines and widths. */
function fit(exhibits: Exhibit[], width: number): number {
  const lines = Math.max(...exhibits.map((e) => e.code.split('\n').length));
  const chars = Math.max(...exhibits.flatMap((e) => e.code.split('\n').map((l) => l.length))) + 4;
  return Math.min(24, (H - 290) / (lines * 1.32), width / (chars * 0.61));
}

function pairSlide(
  d: ReportData,
  hl: CodeHighlighter,
  task: string,
  a: Exhibit,
  b: Exhibit,
): string {
  const colW = (W - 160) / 2;
  const size = fit([a, b], colW);
  const m = (e: Exhibit) => {
    const x = d.metrics[task]![e.model]!;
    return `${e.model}: ${x.lines} lines, ${x.tokens} tokens, ${x.suspensions} suspension points, ${x.alsoRead} lines also read`;
  };
  const body = codeColumn(hl, a, 60, size) + codeColumn(hl, b, 100 + colW, size);
  return frame(
    `${task}: ${a.model} and ${b.model}`,
    body,
    `${m(a)} · ${m(b)} — async-rosetta, pnpm rosetta report`,
  );
}

function metricsSlide(d: ReportData, task: string): string {
  const names = d.models.map((x) => x.name).filter((n) => d.metrics[task]?.[n]);
  const colW = (W - 120 - 420) / names.length;
  const out: string[] = names.map(
    (n, i) =>
      `<text x="${480 + i * colW + colW - 20}" y="200" text-anchor="end" font-family="${SANS}" font-size="30" font-weight="700" fill="#2563eb">${esc(n)}</text>`,
  );
  METRICS.forEach(({ key, title }, r) => {
    const y = 290 + r * 110;
    const values = names.map((n) => d.metrics[task]![n]![key]);
    const best = Math.min(...values);
    out.push(
      `<line x1="60" x2="${W - 60}" y1="${y + 40}" y2="${y + 40}" stroke="#e5e7eb" stroke-width="2"/>`,
      `<text x="60" y="${y}" font-family="${SANS}" font-size="34" fill="#111">${esc(title)}</text>`,
      ...values.map(
        (v, i) =>
          `<text x="${480 + i * colW + colW - 20}" y="${y}" text-anchor="end" font-family="${SANS}" font-size="40" ${v === best ? 'font-weight="700" fill="#15803d"' : 'fill="#111"'}>${v}</text>`,
      ),
    );
  });
  return frame(
    `${task}: the code measured`,
    out.join('\n'),
    'TypeScript compiler API, comments excluded; green: the lowest — async-rosetta, pnpm rosetta report',
  );
}

function chartSlide(chart: Chart): string {
  const data = `data:image/svg+xml;base64,${Buffer.from(chart.svg).toString('base64')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#ffffff"/><image href="${data}" x="40" y="30" width="${W - 80}" height="${H - 60}" preserveAspectRatio="xMidYMid meet"/></svg>\n`;
}

/** Writes every slide as SVG, then renders each to PNG; resolves with the file count. */
export async function writeSlides(
  d: ReportData,
  hl: CodeHighlighter,
  slideCharts: Chart[],
  out: string,
): Promise<number> {
  const dir = join(out, 'slides');
  mkdirSync(dir, { recursive: true });
  const slides: [string, string][] = [];
  for (const g of d.sources.groups) {
    for (const task of g.tasks) {
      const shown = d.models
        .map((m) => d.sources.exhibits[task]?.[m.name])
        .filter((e): e is Exhibit => e !== undefined);
      for (let i = 0; i < shown.length; i++)
        for (let j = i + 1; j < shown.length; j++)
          slides.push([
            `pair-${task}-${shown[i]!.model}-vs-${shown[j]!.model}`,
            pairSlide(d, hl, task, shown[i]!, shown[j]!),
          ]);
      slides.push([`metrics-${task}`, metricsSlide(d, task)]);
    }
  }
  for (const c of slideCharts) slides.push([`chart-${c.id}`, chartSlide(c)]);
  for (const [name, svg] of slides) writeFileSync(join(dir, `${name}.svg`), svg);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H } });
    for (const [name, svg] of slides) {
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      await page.screenshot({ path: join(dir, `${name}.png`), timeout: 120_000 });
    }
  } finally {
    await browser.close();
  }
  return slides.length * 2;
}
