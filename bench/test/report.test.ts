/**
 * The arithmetic behind every published figure: medians with min–max, ratios
 * paired run by run, the closest model to the limit, and the report drawn
 * from the JSON alone.
 */
import { describe, expect, it } from 'vitest';
import { closestModel, closestSentence } from '../src/report/closest.js';
import { resultsMarkdown } from '../src/report/markdown.js';
import type { BenchReport, Suite } from '../src/schema.js';
import { figure, median } from '../src/stats.js';
import { buildSuite, type RawRow, rotate } from '../src/suite-builder.js';

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

describe('figure()', () => {
  it('summarises the runs as their median with the min–max and the run count', () => {
    expect(figure([30, 10, 20, 40], 'ns')).toEqual({
      median: 25,
      min: 10,
      max: 40,
      runs: 4,
      unit: 'ns',
      values: [30, 10, 20, 40],
    });
    expect(median([3, 1, 2])).toBe(2);
  });

  it('leaves failed runs (NaN) out of the figure and its run count', () => {
    const f = figure([5, Number.NaN, 7], 'ns');
    expect(f.runs).toBe(2);
    expect(f.median).toBe(6);
  });
});

describe('buildSuite()', () => {
  it('computes the ratio to the limit run by run, then summarises it', () => {
    const s = buildSuite(head, { t: 'ns' }, [
      raw('callback', 'limit', [10, 20, 10]),
      raw('deferred', 'model', [20, 60, 40]),
      raw('asyncawait', 'model', [40, 40, 40]),
    ]);
    const deferred = s.rows.find((r) => r.name === 'deferred');
    expect(deferred?.ratios.toLimit?.values).toEqual([2, 3, 4]);
    expect(deferred?.ratios.toLimit?.median).toBe(3);
    expect(deferred?.ratios.toNative?.values).toEqual([0.5, 1.5, 1]);
  });

  it('inverts the ratio for throughput, so that above 1 always means worse than the limit', () => {
    const s = buildSuite({ ...head, better: 'higher' }, { t: 'req/s' }, [
      raw('callback', 'limit', [100, 200]),
      raw('future', 'model', [50, 100]),
    ]);
    expect(s.rows.find((r) => r.name === 'future')?.ratios.toLimit?.values).toEqual([2, 2]);
  });

  it('marks a row with no complete run as failed, with its error and no metric', () => {
    const s = buildSuite(head, { t: 'ns' }, [
      raw('callback', 'limit', [Number.NaN], 'RangeError: Maximum call stack size exceeded'),
      raw('asyncawait', 'model', [40]),
    ]);
    const limit = s.rows[0];
    expect(limit?.status).toBe('failed');
    expect(limit?.error).toMatch(/RangeError/);
    expect(limit?.metrics).toEqual({});
    expect(s.rows[1]?.ratios.toLimit).toBeUndefined();
  });
});

describe('rotate()', () => {
  it('starts each run with a different contestant', () => {
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
  });
});

const suite: Suite = buildSuite(head, { t: 'ns' }, [
  raw('callback', 'limit', [10, 10]),
  raw('deferred', 'model', [30, 30]),
  raw('future', 'model', [20, 20]),
  raw('asyncawait', 'model', [40, 40]),
  raw('promise', 'peer', [15, 15]),
]);

describe('closestModel()', () => {
  it('names the model with the smallest ratio to the limit, never a peer', () => {
    expect(closestModel(suite)).toMatchObject({ row: { name: 'future' }, against: 'limit' });
  });

  it('says when the lead is within the spread of another model', () => {
    const close = buildSuite(head, { t: 'ns' }, [
      raw('callback', 'limit', [10, 10, 10]),
      raw('deferred', 'model', [20, 30, 25]),
      raw('future', 'model', [28, 40, 35]),
      raw('asyncawait', 'model', [50, 60, 55]),
    ]);
    expect(closestSentence(close)).toMatch(
      /deferred, at 2.50× \(2.00–3.00\) the limit's cost — not a clear lead: within the spread of future\.$/,
    );
  });

  it('ranks against native async/await when the limit has no figure', () => {
    const noLimit = buildSuite(head, { t: 'ns' }, [
      raw('callback', 'limit', [Number.NaN], 'RangeError'),
      raw('deferred', 'model', [30]),
      raw('asyncawait', 'model', [40]),
    ]);
    expect(closestModel(noLimit)).toMatchObject({ row: { name: 'deferred' }, against: 'native' });
  });
});

describe('resultsMarkdown()', () => {
  it('names the closest model to the limit, with the runs and context of the figures', () => {
    const report: BenchReport = {
      schema: 'async-rosetta-bench/1',
      meta: {
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
        versions: { tinybench: '6.2.3' },
      },
      suites: [suite],
    };
    const md = resultsMarkdown(report, 'results/x.json');
    expect(md).toContain('Closest model to the limit: future, at 2.00× (2.00–2.00) the limit');
    expect(md).toContain('median of 2 runs');
    expect(md).toContain('AMD EPYC, 2 cores');
    expect(md).toContain('![Test suite](charts/micro.test.svg)');
  });
});
