/**
 * The context every result carries: machine, Node, commit, date, the exact
 * command, how busy the machine was. Read report/markdown.ts next.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';
import { distDir } from './proc/child.js';
import type { Meta } from './schema.js';

/** The repository root (bench/dist/../..). */
export const repoRoot = resolve(distDir, '..', '..');

function quiet(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** `ulimit -n` of this process (children inherit it), or null. */
export function fdLimit(): number | null {
  const n = Number(quiet('sh', ['-c', 'ulimit -n']));
  return Number.isFinite(n) && n > 0 ? n : null;
}

function version(pkg: string): string {
  try {
    const json = readFileSync(join(repoRoot, 'bench', 'node_modules', pkg, 'package.json'), 'utf8');
    return (JSON.parse(json) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Everything about the run except its duration and the end load average, filled in at the end. */
export function collectMeta(o: { quick: boolean; filter: string | null; argv: string[] }): Meta {
  const commit = quiet('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  return {
    date: new Date().toISOString(),
    commit,
    dirty: (quiet('git', ['status', '--porcelain']) ?? '') !== '',
    command: ['node', 'bench/dist/run.js', ...o.argv].join(' '),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    os: `${type()} ${release()} ${process.arch}`,
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    loadAverage: { start: loadavg()[0] ?? 0, end: Number.NaN },
    fdLimit: fdLimit(),
    quick: o.quick,
    filter: o.filter,
    durationMs: Number.NaN,
    versions: Object.fromEntries(
      ['tinybench', 'hdr-histogram-js', 'co', 'rxjs', 'fp-ts'].map((p) => [p, version(p)]),
    ),
  };
}
