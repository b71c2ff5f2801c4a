/**
 * The micro suites' child processes (run.js --child deep|memory): the stack
 * safety check of the deep chain, and heap bytes per pending operation after a
 * forced GC. Each runs one contestant in a fresh process and prints one JSON
 * line. Read memory-suite.ts next.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { emit } from '../proc/lines.js';
import { settledMemory } from '../proc/memory.js';
import { findContestant } from './contestants/index.js';
import { check, scenarios } from './scenarios.js';

function die(e: unknown): void {
  const err = e as { name?: string; message?: string };
  emit('error', { message: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}` });
  process.exit(1);
}

/** Runs one child job and exits. */
export async function microChild(mode: string, name: string, count: number): Promise<void> {
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  const c = findContestant(name);
  if (!c) return die(new Error(`no contestant ${name}`));
  const deadline = setTimeout(() => die(new Error(`${mode} did not finish within 60 s`)), 60_000);
  try {
    if (mode === 'deep') {
      const deep = scenarios.find((s) => s.isolated);
      if (deep) await check(name, deep, deep.call(c));
      emit('result', { ok: true });
    } else {
      const completers: unknown[] = [];
      const before = await settledMemory();
      await c.pending(count, completers);
      for (let i = 0; i < 3; i++) await turn(); // let tasks that start on the next turn reach their pending state
      const after = await settledMemory();
      emit('result', {
        heapBytesPerOp: (after.heapUsed - before.heapUsed) / count,
        rssBytesPerOp: (after.rss - before.rss) / count,
        held: completers.length,
      });
    }
  } catch (e) {
    die(e);
  }
  clearTimeout(deadline);
  process.exit(0);
}
