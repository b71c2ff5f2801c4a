/**
 * The benchmark charts (report/charts.ts): Vega-Lite specifications rendered to SVG by
 * Vega in Node. Each test reads the SVG Vega wrote, by its mark roles, so what is
 * asserted is what a reader sees: axes, gridlines, labels, values, legend, footer.
 * Follows Vega's own SVG renderer output (vega/vega, `packages/vega-scenegraph/src/SVGStringRenderer.js`).
 */
import { describe, expect, it } from 'vitest';
import { barChart, chartFooter, chartSpec, wantsLogScale } from '../src/report/charts.js';
import type { Meta, Suite } from '../src/schema.js';
import { buildSuite, type RawRow } from '../src/suite-builder.js';

const head = {
  id: 'micro.test',
  title: 'Test suite',
  what: 'one thing',
  primary: 't',
  better: 'lower' as const,
  limit: 'callback',
  native: 'asyncawait',
  method: 'by hand',
  notes: [],
};

const raw = (name: string, kind: RawRow['kind'], t: number[], error?: string): RawRow => ({
  name,
  kind,
  description: name,
  error,
  perRun: { t },
});

const meta: Meta = {
  date: '2026-11-23T16:00:00.000Z',
  commit: 'abc1234',
  dirty: false,
  command: 'node bench/dist/run.js',
  node: 'v20.20.2',
  v8: '11.3',
  cpu: 'AMD EPYC',
  cores: 2,
  os: 'Linux',
  totalMemoryMiB: 1024,
  loadAverage: { start: 1, end: 2 },
  fdLimit: 20000,
  quick: false,
  filter: null,
  durationMs: 1000,
  versions: {},
};

const narrow: Suite = buildSuite(head, { t: 'ns' }, [
  raw('callback', 'limit', [10, 11, 12]),
  raw('deferred-inline', 'model', [30, 31, 32]),
  raw('asyncawait', 'model', [40, 41, 42]),
]);

const wide: Suite = buildSuite(head, { t: 'ns' }, [
  raw('callback', 'limit', [10, 10, 10]),
  raw('future', 'model', [2000, 2100, 2200]),
  raw('generators', 'model', [Number.NaN, Number.NaN, Number.NaN], 'RangeError: stack'),
  raw('a-very-long-peer-name-that-must-not-be-cut', 'peer', [300, 300, 300]),
]);

/** The texts of the SVG's marks of one role, e.g. 'axis-label'. */
function texts(svg: string, role: string): string[] {
  const group = new RegExp(`class="mark-text role-${role}[ "][^>]*?(?:/>|>([\\s\\S]*?)</g>)`, 'g');
  return [...svg.matchAll(group)].flatMap(([, inner = '']) =>
    [...inner.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, t]) => t!),
  );
}

describe('charts', () => {
  it('uses a log scale only when the values span more than 10×', () => {
    expect(wantsLogScale([10, 100])).toBe(false);
    expect(wantsLogScale([10, 101])).toBe(true);
    expect(wantsLogScale([0, 5, 40])).toBe(false); // zero has no place on a log axis
    const scaleOf = (s: Suite) =>
      JSON.stringify(chartSpec(s, meta)).match(/"scale":\{"type":"(\w+)"/)?.[1];
    expect(scaleOf(narrow)).toBe('linear');
    expect(scaleOf(wide)).toBe('log');
  });

  it('draws axes with ticks and gridlines, every full label, and each value at its bar end', async () => {
    const svg = await barChart(narrow, meta);
    expect(svg).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
    expect(svg).toContain('role-axis-grid');
    expect(svg).toContain('role-axis-tick');
    expect(texts(svg, 'axis-label')).toEqual(
      expect.arrayContaining(['callback', 'deferred-inline', 'asyncawait']),
    );
    expect(
      svg.match(/class="mark-rect role-mark[^"]*"[\s\S]*?<\/g>/)?.[0].match(/<path/g),
    ).toHaveLength(3);
    expect(texts(svg, 'mark')).toEqual(expect.arrayContaining(['11.0', '31.0', '41.0']));
    expect(texts(svg, 'axis-title').join()).toContain('ns — lower is better');
  });

  it('puts commit, date, Node, CPU and cores, and runs in a footer on the image', async () => {
    expect(chartFooter(meta, narrow)).toBe(
      'commit abc1234 · 2026-11-23 · Node v20.20.2 · AMD EPYC, 2 cores · median of 3 runs',
    );
    expect(texts(await barChart(narrow, meta), 'mark')).toContain(chartFooter(meta, narrow));
  });

  it('lists in the legend only the kinds drawn, and says why a failed row has no bar', async () => {
    const narrowSvg = await barChart(narrow, meta);
    expect(texts(narrowSvg, 'legend-label')).toEqual(['limit', 'model']);
    const wideSvg = await barChart(wide, meta);
    expect(texts(wideSvg, 'legend-label')).toEqual(['limit', 'model', 'peer']);
    expect(texts(wideSvg, 'axis-label')).toContain('a-very-long-peer-name-that-must-not-be-cut');
    expect(texts(wideSvg, 'mark')).toContain('failed: RangeError: stack');
  });
});
