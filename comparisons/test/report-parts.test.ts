/**
 * rosetta report: the parts that turn measurements into tables — stack frames sorted
 * into user code and machinery (report/debug.ts, after spion/async-compare's
 * `debuggability.js`), ratios and their geometric mean (report/bench.ts, after
 * js-framework-benchmark's `webdriver-ts-results/src/components/tables/GeomMeanRow.tsx`),
 * the inputs hash that tells a stale report (report/hash.ts), and `--models`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSuite } from '../../bench/src/suite-builder.js';
import { main } from '../src/cli/main.js';
import type { ModelAdapter } from '../src/models/contract.js';
import { models } from '../src/models/index.js';
import { geometricMean, latestBench, ratioColour, suiteRatios } from '../src/report/bench.js';
import { classify, relativize } from '../src/report/debug.js';
import { embeddedHash, inputsHash, reportInputs } from '../src/report/hash.js';

let root: string;
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
const one = {
  name: 'one',
  facts: { tasks: 'packages/one/src/tasks', packages: ['packages/one'] },
} as unknown as ModelAdapter;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rosetta-parts-'));
  write('packages/one/src/tasks/fetch.ts', 'export function fetchPage() {}\n');
  write('packages/one/src/engine.ts', 'export const x = 1;\n');
  write('packages/one/README.md', 'not an input\n');
  write('comparisons/SPEC.md', '# spec\n');
  write('comparisons/src/models/index.ts', 'export {};\n');
  write('comparisons/package.json', '{"dependencies":{"shiki":"1"}}');
  write('bench/package.json', '{"dependencies":{"vega":"1"}}');
  write('bench/src/report/charts.ts', 'export {};\n');
  write('bench/results/2026-01-01-aaaaaaa.json', '{}');
  write('bench/results/2026-02-01-bbbbbbb-quick.json', '{}');
  mkdirSync(join(root, 'comparisons/src/fixtures'), { recursive: true });
  mkdirSync(join(root, 'comparisons/src/report'), { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('report debuggability', () => {
  it('sorts each frame into the task file, the model’s machinery, Node’s runtime or the caller', () => {
    const stack = relativize(
      root,
      [
        'Error: read ECONNRESET',
        `    at Response.failed (${root}/packages/one/src/engine.ts:109:12)`,
        `    at fetchPage (file://${root}/packages/one/src/tasks/fetch.ts:7:3)`,
        '    at TCP.onStreamRead (node:internal/stream_base_commons:218:20)',
        `    at probe (${root}/comparisons/src/report/probe.ts:40:5)`,
        '    at new Promise (<anonymous>)',
      ].join('\n'),
    );
    expect(stack).not.toContain(root);
    expect(relativize(root, 'connect ECONNREFUSED 127.0.0.1:41105')).toBe(
      'connect ECONNREFUSED 127.0.0.1:<port>',
    );
    expect(classify(root, one, stack).map((f) => [f.kind, f.at])).toEqual([
      ['model', 'packages/one/src/engine.ts:109'],
      ['task', 'packages/one/src/tasks/fetch.ts:7'],
      ['node', 'node:internal/stream_base_commons:218'],
      ['caller', 'comparisons/src/report/probe.ts:40'],
      ['node', null],
    ]);
  });
});

describe('report benchmarks', () => {
  const suite = buildSuite(
    {
      id: 'micro.x',
      title: 'X',
      what: 'x',
      primary: 't',
      better: 'lower',
      limit: 'callback',
      native: 'asyncawait',
      method: 'm',
      notes: [],
    },
    { t: 'ns' },
    [
      {
        name: 'callback',
        kind: 'limit',
        description: '',
        perRun: { t: [Number.NaN, Number.NaN] },
        error: 'RangeError',
      },
      { name: 'deferred', kind: 'model', description: '', perRun: { t: [20, 20] } },
      { name: 'asyncawait', kind: 'model', description: '', perRun: { t: [10, 10] } },
    ],
  );

  it('ranks against native async/await when the limit has no figure, as RESULTS.md does', () => {
    const cells = suiteRatios(suite, ['deferred', 'asyncawait', 'absent']);
    expect(cells.deferred).toMatchObject({ ratio: 2, against: 'native' });
    expect(cells.asyncawait?.ratio).toBe(1);
    expect(cells.absent?.ratio).toBeNull();
  });

  it('closes the table with the geometric mean, ignoring missing cells', () => {
    expect(geometricMean([2, 8, null])).toBeCloseTo(4, 12);
    expect(geometricMean([null])).toBeNull();
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { minLength: 1 }),
        (xs) => {
          const g = geometricMean(xs)!;
          return g >= Math.min(...xs) * (1 - 1e-9) && g <= Math.max(...xs) * (1 + 1e-9);
        },
      ),
    );
  });

  it('colours a ratio from green at 1× towards red, never greener for a larger ratio', () => {
    const hue = (r: number) => Number(/hsl\((\d+)/.exec(ratioColour(r))![1]);
    expect(hue(1)).toBe(120);
    expect(hue(8)).toBe(0);
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (a, b) => (a <= b ? hue(a) >= hue(b) : hue(a) <= hue(b)),
      ),
    );
  });

  it('takes the latest full run before any quick one', () => {
    expect(latestBench(root)?.file).toBe('bench/results/2026-01-01-aaaaaaa.json');
  });
});

describe('report inputs hash', () => {
  it('changes when a shown source or the bench JSON changes, never for a file it does not read', () => {
    expect(reportInputs(root, [one])).toContain('packages/one/src/tasks/fetch.ts');
    expect(reportInputs(root, [one])).toContain('bench/results/2026-01-01-aaaaaaa.json');
    const before = inputsHash(root, [one]);
    write('packages/one/README.md', 'still not an input\n');
    expect(inputsHash(root, [one])).toBe(before);
    write('packages/one/src/tasks/fetch.ts', 'export function fetchPage() { return 1; }\n');
    const edited = inputsHash(root, [one]);
    expect(edited).not.toBe(before);
    write('bench/results/2026-01-01-aaaaaaa.json', '{"x":1}');
    expect(inputsHash(root, [one])).not.toBe(edited);
  });

  it('reads the same for CRLF and LF line ends (a checkout on another machine)', () => {
    const lf = inputsHash(root, [one]);
    write('packages/one/src/engine.ts', 'export const x = 1;\r\n');
    expect(inputsHash(root, [one])).toBe(lf);
  });

  it('is found again in the page and in the Markdown', () => {
    const h = 'ab'.repeat(32);
    expect(embeddedHash(`<meta name="rosetta-inputs" content="${h}">`)).toBe(h);
    expect(embeddedHash(`<!-- rosetta-inputs: ${h} -->`)).toBe(h);
  });
});

describe('rosetta report usage', () => {
  const run = async (argv: string[]) => {
    const err: string[] = [];
    const status = await main(argv, {
      out: () => {},
      err: (l) => err.push(l),
      models,
      untilSignal: () => new Promise(() => {}),
      spawn: async () => 0,
    });
    return { status, err: err.join('\n') };
  };

  it('refuses an unknown model or fewer than two with exit 2 and one line', async () => {
    const unknown = await run(['report', '--models', 'nope,future']);
    expect(unknown.status).toBe(2);
    expect(unknown.err.split('\n')[0]).toBe(
      `rosetta: unknown model 'nope' (known: ${models.map((m) => m.name).join(', ')})`,
    );
    const single = await run(['report', '--models', models[0]!.name]);
    expect(single.status).toBe(2);
    expect(single.err).toContain('at least two models');
  });
});
