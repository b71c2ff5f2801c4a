/**
 * The report's inputs and their hash: what `rosetta report` reads, so that a test can tell
 * a committed report from a stale one without comparing any machine-dependent output.
 * Contract: the inputs are every `.ts` file under each model package's `src/`, the
 * registry and adapters (comparisons/src/models), the fixtures the probe uses, the
 * report's own code (comparisons/src/report, bench/src/report/charts.ts), SPEC.md (which
 * orders the tasks), the demos' defaults (task-spec/src/demos.ts), the bench JSON it shows, and the versions of the tools that draw it;
 * the hash is SHA-256 over each path and its text (line ends normalised), in path order,
 * then the model list. Timings, stacks and dates are outputs, never inputs.
 * Lineage: a build cache key in the manner of Bazel's action digests. Read html.ts next.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelAdapter } from '../models/contract.js';
import { latestBench } from './bench.js';

/** Every `.ts` file under `dir` (relative to root), recursively, sorted. */
function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const path = `${d}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && e.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** The versions of the tools whose output the report embeds. */
function toolVersions(root: string): string {
  const deps = (file: string): Record<string, string> => {
    const pkg = JSON.parse(readFileSync(join(root, file), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return pkg.dependencies ?? {};
  };
  const all = { ...deps('comparisons/package.json'), ...deps('bench/package.json') };
  return ['shiki', 'typescript', 'vega', 'vega-lite'].map((n) => `${n}@${all[n] ?? '?'}`).join(' ');
}

/** The input files of the report, relative to the root, sorted. */
export function reportInputs(root: string, models: readonly ModelAdapter[]): string[] {
  const packages = [...new Set(models.flatMap((m) => m.facts.packages))];
  const files = [
    ...packages.flatMap((p) => tsFiles(root, `${p}/src`)),
    ...tsFiles(root, 'comparisons/src/models'),
    ...tsFiles(root, 'comparisons/src/fixtures'),
    ...tsFiles(root, 'comparisons/src/report'),
    'bench/src/report/charts.ts',
    'comparisons/SPEC.md',
  ];
  // The demos' defaults and widget counts: the timelines draw runs of them.
  if (existsSync(join(root, 'task-spec/src/demos.ts'))) files.push('task-spec/src/demos.ts');
  const bench = latestBench(root);
  if (bench) files.push(bench.file);
  return [...new Set(files)].sort();
}

/** The SHA-256 of the report's inputs, as hex. */
export function inputsHash(root: string, models: readonly ModelAdapter[]): string {
  const h = createHash('sha256');
  for (const file of reportInputs(root, models)) {
    h.update(`${file}\0`);
    h.update(readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n'));
    h.update('\0');
  }
  h.update(`tools ${toolVersions(root)}\0models ${models.map((m) => m.name).join(',')}`);
  return h.digest('hex');
}

/** The hash a generated report carries (`<meta name="rosetta-inputs">` or `rosetta-inputs:`). */
export function embeddedHash(text: string): string | null {
  return /rosetta-inputs(?:" content="|: )([0-9a-f]{64})/.exec(text)?.[1] ?? null;
}
