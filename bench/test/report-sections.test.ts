/**
 * The report's statements about spread and published figures: which echo
 * differences exceed their spreads (min–max ranges apart), and the classic
 * suites set beside bluebird's published table by ratio to each table's own
 * callbacks. Read ../src/report/markdown.ts.
 */
import { describe, expect, it } from 'vitest';
import { resultsMarkdown, separations } from '../src/report/markdown.js';
import type { BenchReport, Suite } from '../src/schema.js';
import { buildSuite, type RawRow } from '../src/suite-builder.js';

const row = (name: string, kind: RawRow['kind'], cpu: number[]): RawRow => ({
  name,
  kind,
  description: name,
  perRun: { rps: [100, 100, 100], serverCpuUsPerRequest: cpu },
});

const echoSuite = (rows: RawRow[]): Suite =>
  buildSuite(
    {
      id: 'echo.test',
      title: 'Echo',
      what: 'echo',
      primary: 'rps',
      better: 'higher',
      limit: 'callback',
      native: 'asyncawait',
      method: 'by hand',
      notes: [],
      compare: ['serverCpuUsPerRequest'],
    },
    { rps: 'req/s', serverCpuUsPerRequest: 'µs/req' },
    rows,
  );

describe('separations()', () => {
  it('names the pairs whose min–max ranges do not overlap, and only those', () => {
    // upstream: bench/README.md "Differences smaller than the spreads shown are not findings"
    const s = echoSuite([
      row('callback', 'limit', [10, 11, 12]),
      row('future', 'model', [11.5, 13, 14]),
      row('asyncawait', 'model', [20, 21, 22]),
    ]);
    const [text] = separations(s);
    expect(text).toContain('callback 11.0 < asyncawait 21.0');
    expect(text).toContain('future 13.0 < asyncawait 21.0');
    expect(text).not.toContain('callback 11.0 < future');
  });

  it('says no difference is a finding when every range overlaps, or when there is one run', () => {
    const overlapping = echoSuite([
      row('callback', 'limit', [10, 15, 20]),
      row('asyncawait', 'model', [12, 16, 19]),
    ]);
    expect(separations(overlapping)[0]).toMatch(/every pair of rows overlaps/);
    const single = echoSuite([row('callback', 'limit', [10]), row('asyncawait', 'model', [20])]);
    expect(separations(single)[0]).toMatch(/single runs, so no spread/);
  });
});

describe('the classic suites beside bluebird', () => {
  it('sets each table’s figures against its own callbacks', () => {
    // upstream: petkaantonov/bluebird benchmark/performance.js (time(ms) per file)
    const suite: Suite = {
      ...buildSuite(
        {
          id: 'classic.doxbee-sequential',
          title: 'doxbee',
          what: 'uploads',
          primary: 'ms',
          better: 'lower',
          limit: 'callback',
          native: 'asyncawait',
          method: 'by hand',
          notes: [],
        },
        { ms: 'ms', mb: 'MB' },
        [
          { name: 'callback', kind: 'limit', description: '', perRun: { ms: [100], mb: [20] } },
          { name: 'asyncawait', kind: 'model', description: '', perRun: { ms: [150], mb: [40] } },
        ],
      ),
      published: {
        source: 'bluebird',
        context: 'elsewhere',
        reference: 'callback',
        figures: {
          callback: { label: 'callbacks-baseline', ms: 125 },
          asyncawait: { label: 'promises-native-async-await', ms: 250 },
        },
      },
    };
    const report = {
      schema: 'async-rosetta-bench/1',
      meta: {
        date: '2026-12-02T00:00:00.000Z',
        commit: 'abc',
        dirty: false,
        command: 'x',
        node: 'v20',
        v8: '11',
        cpu: 'cpu',
        cores: 2,
        os: 'Linux',
        totalMemoryMiB: 1024,
        loadAverage: { start: 0, end: 0 },
        fdLimit: null,
        quick: false,
        filter: null,
        durationMs: 1,
        versions: {},
      },
      suites: [suite],
    } satisfies BenchReport;
    const md = resultsMarkdown(report, 'results/x.json');
    expect(md).toContain(
      '| asyncawait | promises-native-async-await |      150 |          250 |            1.50 |                2.00 |',
    );
  });
});

describe('the costliest cells', () => {
  it('names the three largest model ratios to async/await, with what the profile found', () => {
    const timed = (id: string, t: Record<string, number>): Suite =>
      buildSuite(
        {
          id,
          title: id,
          what: id,
          primary: 't',
          better: 'lower',
          limit: 'callback',
          native: 'asyncawait',
          method: 'by hand',
          notes: [],
        },
        { t: 'ns' },
        Object.entries(t).map(([name, v]) => ({
          name,
          kind: name === 'callback' ? 'limit' : name === 'promise' ? 'peer' : 'model',
          description: name,
          perRun: { t: [v] },
        })),
      );
    const report = {
      schema: 'async-rosetta-bench/1',
      meta: {
        date: '2026-12-02T00:00:00.000Z',
        commit: 'abc',
        dirty: false,
        command: 'x',
        node: 'v20',
        v8: '11',
        cpu: 'cpu',
        cores: 2,
        os: 'Linux',
        totalMemoryMiB: 1024,
        loadAverage: { start: 0, end: 0 },
        fdLimit: null,
        quick: false,
        filter: null,
        durationMs: 1,
        versions: {},
      },
      suites: [
        timed('micro.deep-10000', {
          callback: 1,
          generators: 50,
          future: 12,
          asyncawait: 10,
          promise: 900,
        }),
        timed('micro.error-10', {
          callback: 1,
          'deferred-inline': 30,
          deferred: 11,
          asyncawait: 10,
        }),
      ],
    } satisfies BenchReport;
    const md = resultsMarkdown(report, 'results/x.json');
    const section = md.slice(md.indexOf('## The costliest cells'), md.indexOf('## Suites'));
    expect(section).toContain('**generators in [micro.deep-10000]');
    expect(section).toContain('**deferred-inline in [micro.error-10]');
    expect(section).toContain('**future in [micro.deep-10000]');
    expect(section).not.toContain('promise'); // a peer is not a model cell
    expect(section).not.toContain('**deferred in');
    expect(section).toContain('FinalizationRegistry');
  });
});
