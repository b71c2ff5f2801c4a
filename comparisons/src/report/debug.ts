/**
 * Debuggability: the stack trace a caller gets when the socket fails under each model,
 * and how far it lands from the user's code.
 * Contract: `probeStacks` runs dist/report-probe.js (probe.ts) under
 * `node --enable-source-maps` and reads its JSON lines; `classify` sorts each frame into
 * the model's task file (the user's code), the model's machinery (its packages), Node's
 * runtime, or the caller; paths are made relative to the repository root.
 * Lineage: spion/async-compare's debuggability measure (`debuggability.js`). Read bench.ts next.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelAdapter } from '../models/contract.js';
import { taskFiles } from './sources.js';

export type FrameKind = 'task' | 'model' | 'node' | 'caller';

export interface Frame {
  text: string;
  /** `file:line`, relative to the root, or null for a frame without a location. */
  at: string | null;
  kind: FrameKind;
}

export interface Trace {
  model: string;
  scenario: string;
  code: string;
  message: string;
  /** The stack as the caller prints it, paths relative to the root. */
  stack: string;
  frames: Frame[];
  /** The first frame in one of the model's task files, e.g. `packages/future/src/tasks/fetch.ts:37`. */
  taskLine: string | null;
}

/**
 * Makes every absolute path under `root` in `text` relative to it, and writes the probe's
 * ephemeral loopback ports as `<port>`, so that a regenerated report differs only where
 * the code does.
 */
export function relativize(root: string, text: string): string {
  return text
    .split(`file://${root}/`)
    .join('')
    .split(`${root}/`)
    .join('')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
}

/** Sorts the frames of `stack` (already relative) for `model`. */
export function classify(root: string, model: ModelAdapter, stack: string): Frame[] {
  const tasks = new Set(taskFiles(root, model));
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((line) => {
      const text = line.trim();
      const loc = /\(?((?:node:)?[^\s()]+?):(\d+):\d+\)?$/.exec(text);
      const file = loc?.[1] ?? null;
      const at = loc ? `${loc[1]}:${loc[2]}` : null;
      let kind: FrameKind = 'caller';
      if (file === null || file.startsWith('node:') || !file.includes('/')) kind = 'node';
      else if (tasks.has(file)) kind = 'task';
      else if (model.facts.packages.some((p) => file.startsWith(`${p}/`))) kind = 'model';
      return { text, at, kind };
    });
}

/** Runs the probe and returns one Trace per model and scenario. */
export async function probeStacks(root: string, models: readonly ModelAdapter[]): Promise<Trace[]> {
  const probe = join(root, 'comparisons/dist/report-probe.js');
  if (!existsSync(probe))
    throw Object.assign(new Error(`${probe} is not built: run pnpm build`), { code: 'ENOENT' });
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', probe, models.map((m) => m.name).join(',')],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  const status = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  if (status !== 0) throw new Error(`the debuggability probe failed: ${err.trim()}`);
  return out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((line) => {
      const raw = JSON.parse(line) as Omit<Trace, 'frames' | 'taskLine'>;
      const model = models.find((m) => m.name === raw.model)!;
      const stack = relativize(root, raw.stack);
      const frames = classify(root, model, stack);
      return {
        ...raw,
        message: relativize(root, raw.message),
        stack,
        frames,
        taskLine: frames.find((f) => f.kind === 'task')?.at ?? null,
      };
    });
}
