/**
 * The bench smoke test: `node bench/dist/run.js --quick --out <tmp>` runs every
 * suite over every registered model, the limit and the peers, and writes a
 * well-formed results JSON, RESULTS.md and the charts. No timing is asserted:
 * the figures of a quick run mean nothing, only that the harness works.
 * (vitest's globalSetup builds bench/dist first.)
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { models } from '@async-rosetta/comparisons';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport, Figure } from '../src/schema.js';

const run = fileURLToPath(new URL('../dist/run.js', import.meta.url));

function runBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [run, ...args],
      { timeout: 170_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const isFigure = (f: Figure): boolean =>
  typeof f.median === 'number' &&
  typeof f.min === 'number' &&
  typeof f.max === 'number' &&
  Number.isInteger(f.runs) &&
  typeof f.unit === 'string' &&
  Array.isArray(f.values) &&
  f.values.length === f.runs &&
  (f.runs === 0 || (f.min <= f.median && f.median <= f.max));

describe('bench --quick', () => {
  let out: string;
  let result: { code: number; stdout: string; stderr: string };
  let report: BenchReport;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'rosetta-bench-'));
    result = await runBench(['--quick', '--out', out]);
    const dir = join(out, 'results');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    report = files[0]
      ? (JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as BenchReport)
      : (null as never);
  }, 180_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('completes with exit status 0 and prints a table', () => {
    expect(result.stderr).not.toMatch(/bench failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/One async step \[micro\.one-step\]/);
  });

  it('writes a results JSON with the machine and run context', () => {
    expect(report.schema).toBe('async-rosetta-bench/1');
    const m = report.meta;
    expect(m.node).toBe(process.version);
    expect(m.cores).toBeGreaterThan(0);
    expect(m.cpu).not.toBe('');
    expect(m.os).not.toBe('');
    expect(m.commit).toMatch(/\S/);
    expect(Number.isNaN(Date.parse(m.date))).toBe(false);
    expect(m.command).toBe(`node bench/dist/run.js --quick --out ${out}`);
    expect(m.quick).toBe(true);
  });

  it('has every suite, each figure with its spread and run count', () => {
    const ids = report.suites.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'micro.one-step',
        'micro.chain-10',
        'micro.error-10',
        'micro.fan-out-1000',
        'micro.deep-10000',
        'micro.memory',
        'classic.doxbee-sequential',
        'classic.madeup-parallel',
        'echo.1KiB',
        'fetch',
        'idle',
      ]),
    );
    for (const suite of report.suites) {
      expect(suite.rows.find((r) => r.name === suite.limit)?.kind).toBe('limit');
      for (const row of suite.rows) {
        for (const f of Object.values(row.metrics))
          expect(isFigure(f), `${suite.id}/${row.name}`).toBe(true);
        if (row.ratios.toLimit) expect(isFigure(row.ratios.toLimit)).toBe(true);
        if (row.status === 'failed') expect(row.error).toMatch(/\S/);
      }
    }
  });

  it('covers every registered model, the limit and the peers', () => {
    const names = (id: string) =>
      report.suites.find((s) => s.id === id)?.rows.map((r) => r.name) ?? [];
    for (const m of models) {
      for (const id of ['micro.one-step', 'echo.1KiB', 'fetch', 'idle'])
        expect(names(id)).toContain(m.name);
    }
    expect(names('micro.one-step')).toEqual(
      expect.arrayContaining(['callback', 'asyncawait', 'promise', 'co', 'rxjs', 'fp-ts']),
    );
    expect(names('fetch')).toContain('global fetch');
  });

  it("runs bluebird's two classic workloads in every model and peer, in ms and MB, beside bluebird's table", () => {
    // upstream: petkaantonov/bluebird benchmark/performance.js (time(ms), memory(MB) per file)
    for (const id of ['classic.doxbee-sequential', 'classic.madeup-parallel']) {
      const suite = report.suites.find((s) => s.id === id);
      const names = suite?.rows.map((r) => r.name) ?? [];
      for (const m of models) expect(names, id).toContain(m.name);
      expect(names).toEqual(expect.arrayContaining(['callback', 'promise', 'co', 'rxjs', 'fp-ts']));
      for (const row of suite?.rows ?? []) {
        expect(row.status, `${id}/${row.name}: ${row.error}`).toBe('ok');
        expect(row.metrics.ms?.median, `${id}/${row.name}`).toBeGreaterThan(0);
        expect(row.metrics.mb?.unit).toBe('MB');
      }
      expect(suite?.published?.figures.callback?.ms).toBeGreaterThan(0);
    }
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toContain("Beside bluebird's published figures");
  });

  it('measures the limit and every model in the echo suite', () => {
    const echo = report.suites.find((s) => s.id === 'echo.1KiB');
    for (const row of echo?.rows ?? [])
      expect(row.metrics.requestsPerSecond?.median, row.name).toBeGreaterThan(0);
  });

  it('reports, for every echo server, its CPU and heap per request and the fixed-rate latency', () => {
    // upstream: giltene/wrk2 README (constant throughput, latency corrected for coordinated omission)
    const echo = report.suites.find((s) => s.id === 'echo.1KiB');
    expect(echo?.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['callback', ...models.map((m) => m.name)]),
    );
    for (const row of echo?.rows ?? []) {
      for (const k of ['serverCpuUsPerRequest', 'serverHeapBytesPerRequest', 'rateP50Us'])
        expect(row.metrics[k]?.median, `${row.name} ${k}: ${row.error}`).toBeGreaterThan(0);
      const p = row.metrics;
      expect(p.rateP50Us!.median).toBeLessThanOrEqual(p.rateP99Us!.median);
      expect(p.rateP99Us!.median).toBeLessThanOrEqual(p.rateP999Us!.median);
    }
    expect(echo?.compare).toEqual(expect.arrayContaining(['serverCpuUsPerRequest']));
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toContain('Which differences exceed their spreads');
  });

  it('writes RESULTS.md with a chart per suite', () => {
    const md = readFileSync(join(out, 'RESULTS.md'), 'utf8');
    expect(md).toMatch(/QUICK RUN/);
    for (const suite of report.suites) {
      expect(md).toContain(`charts/${suite.id}.svg`);
      expect(readFileSync(join(out, 'charts', `${suite.id}.svg`), 'utf8')).toMatch(
        /^<svg [^>]*>[\s\S]*<\/svg>\n$/,
      );
    }
  });
});
