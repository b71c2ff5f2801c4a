/**
 * Probes: one fresh child process per contestant and run (see child.ts) that
 * measures heap bytes per pending operation and, in the first run, checks the
 * deep chain survives. Runs are interleaved: run r starts every contestant
 * once, in an order rotated by r. Read suite.ts next.
 */
import type { RunContext } from '../context.js';
import { eachLimit, parallelism } from '../pool.js';
import { startChild } from '../proc/child.js';
import { rotate } from '../suite-builder.js';
import { contestants } from './contestants/index.js';

export interface ProbeResults {
  /** Per contestant: null when the deep chain completed, else why it did not. Empty when not asked. */
  deepErrors: Map<string, string | null>;
  heap: Map<string, number[]>;
  rss: Map<string, number[]>;
  memoryErrors: Map<string, string>;
}

export async function runProbes(
  ctx: RunContext,
  o: { memoryRuns: number; count: number; deep: boolean },
): Promise<ProbeResults> {
  const r: ProbeResults = {
    deepErrors: new Map(),
    heap: new Map(),
    rss: new Map(),
    memoryErrors: new Map(),
  };
  for (const c of contestants) {
    r.heap.set(c.name, []);
    r.rss.set(c.name, []);
  }
  const runs = Math.max(o.memoryRuns, o.deep ? 1 : 0);
  for (let run = 0; run < runs; run++) {
    const memory = run < o.memoryRuns;
    const deep = o.deep && run === 0;
    // Heap bytes and stack depth do not depend on CPU time, so two probes may share the 2 cores.
    await eachLimit(rotate(contestants, run), Math.max(2, parallelism(ctx.quick)), async (c) => {
      const args = [
        '--child',
        'probe',
        '--contestant',
        c.name,
        '--count',
        String(memory ? o.count : 0),
      ];
      const child = startChild('run', deep ? [...args, '--deep'] : args);
      const failed = child
        .next<{ message: string }>('error', 90_000)
        .then((e) => Promise.reject(new Error(e.message)));
      failed.catch(() => {});
      try {
        if (memory) {
          try {
            const m = await Promise.race([
              child.next<{ heapBytesPerOp: number; rssBytesPerOp: number }>('memory', 90_000),
              failed,
            ]);
            r.heap.get(c.name)?.push(m.heapBytesPerOp);
            r.rss.get(c.name)?.push(m.rssBytesPerOp);
          } catch (e) {
            r.memoryErrors.set(c.name, String((e as Error).message));
            r.heap.get(c.name)?.push(Number.NaN);
            r.rss.get(c.name)?.push(Number.NaN);
          }
        }
        if (deep) {
          try {
            const d = await Promise.race([
              child.next<{ error: string | null }>('deep', 90_000),
              failed,
            ]);
            r.deepErrors.set(c.name, d.error);
          } catch (e) {
            r.deepErrors.set(c.name, String((e as Error).message));
          }
        }
      } finally {
        await child.stop();
      }
    });
    ctx.log(`  probes: run ${run + 1}/${runs} done${deep ? ' (with the deep-chain check)' : ''}`);
  }
  return r;
}
