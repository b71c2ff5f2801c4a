/**
 * The micro suites' child process (run.js --child probe): one contestant in a
 * fresh process. First, with --count N, heap bytes per pending operation after
 * a forced GC (event `memory`); then, with --deep, the deep chain once, so a
 * stack overflow fails that contestant's row instead of the runner (event
 * `deep`). Read probes.ts next.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { emit } from '../proc/lines.js';
import { settledMemory } from '../proc/memory.js';
import type { Out } from './contestant.js';
import { findContestant } from './contestants/index.js';
import { check, DEPTH, scenarios } from './scenarios.js';

const describe = (e: unknown): string => {
  const err = e as { name?: string; message?: string };
  return `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`;
};

/** Whether `deep(depth)` returns `depth` within a second. */
async function completes(deep: (depth: number) => Out, depth: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('late')), 1000);
    });
    return (await Promise.race([deep(depth), late])) === depth;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The deepest chain (to within 1%) that completes, by bisection below `failing`. */
async function deepestCompleted(deep: (depth: number) => Out, failing: number): Promise<number> {
  let ok = 0;
  let bad = failing;
  while (bad - ok > failing / 100) {
    const mid = Math.floor((ok + bad) / 2);
    if (await completes(deep, mid)) ok = mid;
    else bad = mid;
  }
  return ok;
}

/** Runs the probe and exits. */
export async function microChild(name: string, count: number, deep: boolean): Promise<void> {
  const c = findContestant(name);
  if (!c) {
    emit('error', { message: `no contestant ${name}` });
    process.exit(1);
  }
  const deadline = setTimeout(() => {
    emit('error', { message: `${name}: the probe did not finish within 60 s` });
    process.exit(1);
  }, 60_000);

  if (count > 0) {
    const completers: unknown[] = [];
    const before = await settledMemory();
    await c.pending(count, completers);
    for (let i = 0; i < 3; i++) await turn(); // let tasks that start on the next turn reach their pending state
    const after = await settledMemory();
    emit('memory', {
      heapBytesPerOp: (after.heapUsed - before.heapUsed) / count,
      rssBytesPerOp: (after.rss - before.rss) / count,
      held: completers.length,
    });
  }

  if (deep) {
    // A stack overflow may surface as an uncaught exception or rejection: report it, whatever the route.
    const die = (e: unknown): void => {
      emit('deep', { error: describe(e) });
      process.exit(0);
    };
    process.on('uncaughtException', die);
    process.on('unhandledRejection', die);
    const scenario = scenarios.find((s) => s.isolated);
    try {
      if (scenario) await check(name, scenario, scenario.call(c));
      emit('deep', { error: null });
    } catch (e) {
      const deepest = await deepestCompleted(c.deep.bind(c), DEPTH);
      emit('deep', {
        error: `${describe(e)} (completes up to about ${deepest.toLocaleString('en-US')} levels)`,
      });
      process.exit(0);
    }
  }
  clearTimeout(deadline);
  process.exit(0);
}
