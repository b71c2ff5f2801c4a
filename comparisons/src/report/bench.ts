/**
 * The benchmarks as the report shows them: the latest bench/results/*.json, as a table of
 * each model's ratio to the limit per suite, coloured by ratio, closed by each model's
 * geometric mean (js-framework-benchmark's results table), with the charts of
 * bench/src/report/charts.ts and a line saying whether the code changed since the run.
 * Contract: the latest file is the last by name (`<date>-<commit>.json`), a full run before
 * a `-quick` one; a model's ratio is to the limit, or to native async/await where the
 * limit has no figure (as bench/src/report/closest.ts ranks them).
 * Lineage: krausest/js-framework-benchmark's results table
 * (`webdriver-ts-results/src/components/tables/GeomMeanRow.tsx`). Read differ.ts next.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport, Figure, Suite } from '../../../bench/src/schema.js';

export type { BenchReport, Suite };

export interface LatestBench {
  /** Relative to the root, e.g. `bench/results/2026-11-23-4655629.json`. */
  file: string;
  report: BenchReport;
}

/** The latest results JSON, or null when there is none. */
export function latestBench(root: string): LatestBench | null {
  const dir = join(root, 'bench/results');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return null;
  }
  const full = names.filter((n) => !n.endsWith('-quick.json')).sort();
  const name = full.at(-1) ?? names.sort().at(-1);
  if (!name) return null;
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8')) as BenchReport;
  return { file: `bench/results/${name}`, report };
}

export interface RatioCell {
  ratio: number | null;
  against: 'limit' | 'native';
  figure?: Figure;
  failed: boolean;
}

/** Each model's ratio in one suite: to the limit, or to native async/await without one. */
export function suiteRatios(suite: Suite, models: readonly string[]): Record<string, RatioCell> {
  const limit = suite.rows.find((r) => r.name === suite.limit);
  const limitOk = limit?.status === 'ok' && (limit.metrics[suite.primary]?.runs ?? 0) > 0;
  const against = limitOk ? 'limit' : 'native';
  const out: Record<string, RatioCell> = {};
  for (const name of models) {
    const row = suite.rows.find((r) => r.name === name && r.kind === 'model');
    const figure = row && (against === 'limit' ? row.ratios.toLimit : row.ratios.toNative);
    const ok = row?.status === 'ok' && figure !== undefined && Number.isFinite(figure.median);
    out[name] = {
      ratio: ok ? figure.median : null,
      against,
      figure,
      failed: row?.status === 'failed',
    };
  }
  return out;
}

/** The geometric mean of the positive finite values, or null. */
export function geometricMean(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  if (xs.length === 0) return null;
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** A background colour for a ratio: green at 1×, through yellow, to red at 8× and beyond. */
export function ratioColour(ratio: number | null): string {
  if (ratio === null) return '#e5e7eb';
  const t = Math.min(1, Math.max(0, Math.log2(Math.max(ratio, 1)) / 3));
  const hue = Math.round(120 * (1 - t));
  return `hsl(${hue} 70% 82%)`;
}

/** One sentence: did `packages/` or `bench/` change since the measured commit? */
export function stalenessLine(root: string, commit: string): string {
  try {
    const changed = execFileSync(
      'git',
      ['diff', '--name-only', commit, 'HEAD', '--', 'packages', 'bench/src'],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
      .split('\n')
      .filter(Boolean);
    if (changed.length === 0)
      return `packages/ and bench/src/ are unchanged since the measured commit ${commit}.`;
    const where = [...new Set(changed.map((f) => f.split('/').slice(0, 2).join('/')))].sort();
    return `${changed.length} files changed since the measured commit ${commit} (${where.join(', ')}): the figures may be stale; \`pnpm bench\` measures them again.`;
  } catch {
    return `Whether packages/ or bench/ changed since ${commit} is unknown (no git history here).`;
  }
}
