/**
 * The benchmark charts, drawn with Vega-Lite and rendered to SVG by Vega in Node (no
 * browser): one horizontal bar chart per suite, from the results JSON alone, shared by
 * bench/RESULTS.md and `rosetta report`.
 * Contract: a bar per row at its median of the primary metric, a whisker for its min–max
 * over the runs, the value written at the bar's end; axes with ticks and gridlines; a log
 * scale when the values span more than 10×; full row labels; a legend with only the kinds
 * drawn; a footer with commit, date, Node, CPU and cores, and runs. A failed row keeps its
 * label and says why in place of a bar.
 * Lineage: replaces the hand-placed SVG of the first harness; the grammar is Vega-Lite's
 * (vega/vega-lite, `src/compile/compile.ts`). Read markdown.ts next.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Kind, Meta, Suite } from '../schema.js';
import { fmt } from '../stats.js';

const COLOURS: Record<Kind, string> = { limit: '#6b7280', model: '#2563eb', peer: '#d97706' };
const KINDS: readonly Kind[] = ['limit', 'model', 'peer'];
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The size and type of one chart; slides ask for 1920×1080. */
export interface ChartSize {
  width: number;
  /** Height of one row's band; the plot's height is rows × band. */
  band: number;
  fontSize: number;
}

const DEFAULT_SIZE: ChartSize = { width: 560, band: 26, fontSize: 12 };

/** The footer line: where and how the figures were measured. */
export function chartFooter(meta: Meta, suite: Suite): string {
  const runs = suite.rows.map((r) => r.metrics[suite.primary]?.runs ?? 0).filter((n) => n > 0);
  const runText =
    runs.length === 0
      ? 'no runs'
      : Math.min(...runs) === Math.max(...runs)
        ? `${runs[0]} runs`
        : `${Math.min(...runs)}–${Math.max(...runs)} runs`;
  return [
    `commit ${meta.commit}${meta.dirty ? ' (dirty)' : ''}`,
    meta.date.slice(0, 10),
    `Node ${meta.node}`,
    `${meta.cpu}, ${meta.cores} cores`,
    `median of ${runText}${meta.quick ? ' (quick)' : ''}`,
  ].join(' · ');
}

/** True when the positive values span more than 10×: the chart then uses a log scale. */
export function wantsLogScale(values: readonly number[]): boolean {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length < 2) return false;
  return Math.max(...positive) / Math.min(...positive) > 10;
}

/** The Vega-Lite specification of `suite`'s chart (exported for tests and for slides). */
export function chartSpec(suite: Suite, meta: Meta, size: ChartSize = DEFAULT_SIZE): TopLevelSpec {
  const unit = suite.rows.find((r) => r.metrics[suite.primary])?.metrics[suite.primary]?.unit ?? '';
  const rows = suite.rows.map((r, order) => {
    const f = r.status === 'ok' ? r.metrics[suite.primary] : undefined;
    const ok = f !== undefined && f.runs > 0 && Number.isFinite(f.median);
    return {
      order,
      name: r.name,
      kind: r.kind,
      ok,
      median: ok ? f.median : null,
      min: ok ? f.min : null,
      max: ok ? f.max : null,
      label: ok ? fmt(f.median) : `failed: ${r.error ?? 'no result'}`,
    };
  });
  const drawn = rows.filter((r) => r.ok);
  const values = drawn.flatMap((r) => [r.median ?? 0, r.min ?? 0, r.max ?? 0]);
  const log = wantsLogScale(values);
  const positive = values.filter((v) => v > 0);
  const lo = positive.length ? Math.min(...positive) : 1;
  const hi = positive.length ? Math.max(...positive) : 1;
  const base = log ? 10 ** Math.floor(Math.log10(lo)) : 0;
  for (const r of rows) Object.assign(r, { base });
  const kinds = KINDS.filter((k) => drawn.some((r) => r.kind === k));
  const names = rows.map((r) => r.name);
  const y = { field: 'name', type: 'nominal', sort: names, title: null } as const;
  const x = {
    field: 'median',
    type: 'quantitative',
    title: `${unit} — ${suite.better} is better${log ? ' (log scale)' : ''}`,
    scale: log
      ? { type: 'log', domain: [base, 10 ** Math.ceil(Math.log10(hi) + 0.15)] }
      : { type: 'linear', domain: [0, hi * 1.18], nice: true },
    axis: {
      grid: true,
      tickCount: log ? undefined : 6,
      labelFlush: false,
      format: log ? '~s' : ',~g',
    },
  } as const;
  const height = rows.length * size.band;
  const chart = {
    width: size.width,
    height,
    layer: [
      {
        transform: [{ filter: 'datum.ok' }],
        mark: { type: 'bar', height: { band: 0.62 } },
        encoding: {
          y,
          x,
          x2: { field: 'base' }, // the axis's start: a log scale has no zero
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: kinds, range: kinds.map((k) => COLOURS[k]) },
            legend: { title: null, orient: 'top', direction: 'horizontal' },
          },
        },
      },
      {
        transform: [{ filter: 'datum.ok' }],
        mark: { type: 'rule', color: '#111', strokeWidth: 1.5 },
        encoding: { y, x: { ...x, field: 'min' }, x2: { field: 'max' } },
      },
      {
        transform: [{ filter: 'datum.ok' }],
        mark: { type: 'tick', color: '#111', thickness: 1.5, size: size.band * 0.4 },
        encoding: { y, x: { ...x, field: 'min' } },
      },
      {
        transform: [{ filter: 'datum.ok' }],
        mark: { type: 'tick', color: '#111', thickness: 1.5, size: size.band * 0.4 },
        encoding: { y, x: { ...x, field: 'max' } },
      },
      {
        transform: [{ filter: 'datum.ok' }],
        mark: { type: 'text', align: 'left', dx: 5, fontSize: size.fontSize, color: '#111' },
        encoding: { y, x: { ...x, field: 'max' }, text: { field: 'label' } },
      },
      {
        transform: [{ filter: '!datum.ok' }],
        mark: {
          type: 'text',
          align: 'left',
          dx: 4,
          color: '#b91c1c',
          fontSize: size.fontSize,
          limit: size.width - 8,
        },
        encoding: { y, x: { value: 0 }, text: { field: 'label' } },
      },
    ],
  };
  const footer = {
    data: { values: [{}] },
    width: size.width,
    height: size.fontSize * 1.2,
    mark: {
      type: 'text',
      align: 'left',
      baseline: 'top',
      color: '#444',
      fontSize: size.fontSize * 0.9,
    },
    encoding: { x: { value: 0 }, y: { value: 0 }, text: { value: chartFooter(meta, suite) } },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: '#ffffff',
    padding: 12,
    title: {
      text: suite.title,
      subtitle: 'bar: median · whisker: min–max over the runs',
      anchor: 'start',
      fontSize: size.fontSize * 1.35,
      subtitleFontSize: size.fontSize,
    },
    data: { values: rows },
    config: {
      font: FONT,
      axis: { labelFontSize: size.fontSize, titleFontSize: size.fontSize, labelLimit: 0 },
      legend: { labelFontSize: size.fontSize, symbolType: 'square' },
      view: { stroke: null },
    },
    vconcat: [chart, footer],
    spacing: 6,
  } as unknown as TopLevelSpec;
}

/** `suite`'s chart as an SVG document (Vega's own SVG renderer; no browser). */
export async function barChart(suite: Suite, meta: Meta, size?: ChartSize): Promise<string> {
  const view = new View(parse(compile(chartSpec(suite, meta, size)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const title = `${suite.title}: ${chartFooter(meta, suite)}`;
    return `${svg.replace(/^<svg ([^>]*)>/, `<svg role="img" $1><title>${escapeXml(title)}</title>`)}\n`;
  } finally {
    view.finalize();
  }
}
