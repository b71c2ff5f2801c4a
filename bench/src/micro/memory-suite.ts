/**
 * Heap bytes per pending operation: for each contestant, a fresh process with
 * --expose-gc leaves N operations pending (a handle with one observer, or a
 * suspended coroutine awaiting one) and compares heapUsed after a forced GC
 * with the reading before. Processes run interleaved: run r starts every
 * contestant once, in an order rotated by r. Read ../macro/echo.ts next.
 */
import type { SuiteGroup } from '../context.js';
import { startChild } from '../proc/child.js';
import { LIMIT } from '../servers.js';
import { buildSuite, type RawRow, rotate } from '../suite-builder.js';
import { contestants } from './contestants/index.js';

const ID = 'micro.memory';

export const memoryGroup: SuiteGroup = {
  ids: [ID],
  async run(ctx) {
    if (!ctx.selects(ID)) return [];
    const runs = ctx.quick ? 1 : 3;
    const count = ctx.quick ? 20_000 : 100_000;
    const perRun = new Map<string, { heap: number[]; rss: number[] }>();
    const errors = new Map<string, string>();
    for (const c of contestants) perRun.set(c.name, { heap: [], rss: [] });
    for (let run = 0; run < runs; run++) {
      for (const c of rotate(contestants, run)) {
        const child = startChild('run', ['--child', 'memory', '--contestant', c.name, '--count', String(count)]);
        const slot = perRun.get(c.name) as { heap: number[]; rss: number[] };
        try {
          const r = await Promise.race([
            child.next<{ heapBytesPerOp: number; rssBytesPerOp: number }>('result', 60_000),
            child.next<{ message: string }>('error', 60_000).then((e) => Promise.reject(new Error(e.message))),
          ]);
          slot.heap.push(r.heapBytesPerOp);
          slot.rss.push(r.rssBytesPerOp);
        } catch (e) {
          errors.set(c.name, String((e as Error).message));
          slot.heap.push(Number.NaN);
          slot.rss.push(Number.NaN);
        } finally {
          await child.stop();
        }
      }
      ctx.log(`  ${ID}: run ${run + 1}/${runs} done`);
    }
    return [
      buildSuite(
        {
          id: ID,
          title: 'Memory per pending operation',
          what: `Heap bytes per pending operation: ${count.toLocaleString('en-US')} operations left pending — a handle with one observer, or a suspended coroutine awaiting one (async function, co, Task, inlineCallbacks) — measured after a forced GC.`,
          primary: 'heapBytesPerOp',
          better: 'lower',
          limit: LIMIT,
          native: 'asyncawait',
          method: `One fresh node --expose-gc process per contestant and run, ${runs} interleaved runs; (heapUsed after − heapUsed before) / ${count.toLocaleString('en-US')}, both read after gc().`,
          notes: [
            'Includes the 8 bytes per operation of the array that holds what would complete each operation, alike for every contestant.',
            'RSS per operation is reported beside it for completeness; it moves in whole pages and is noisier.',
          ],
        },
        { heapBytesPerOp: 'B/op (heap)', rssBytesPerOp: 'B/op (RSS)' },
        contestants.map(
          (c): RawRow => ({
            name: c.name,
            kind: c.kind,
            description: c.description,
            error: errors.get(c.name),
            perRun: {
              heapBytesPerOp: perRun.get(c.name)?.heap ?? [],
              rssBytesPerOp: perRun.get(c.name)?.rss ?? [],
            },
          }),
        ),
      ),
    ];
  },
};
