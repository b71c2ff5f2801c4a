/**
 * The memory suite, from the probes' readings: heap bytes per pending
 * operation, after a forced GC, in a fresh process per contestant and run.
 * Read ../macro/echo.ts next.
 */
import type { Suite } from '../schema.js';
import { LIMIT } from '../servers.js';
import { buildSuite, type RawRow } from '../suite-builder.js';
import { contestants } from './contestants/index.js';
import type { ProbeResults } from './probes.js';

export const MEMORY_ID = 'micro.memory';

export function memorySuite(p: ProbeResults, runs: number, count: number): Suite {
  const n = count.toLocaleString('en-US');
  return buildSuite(
    {
      id: MEMORY_ID,
      title: 'Memory per pending operation',
      what: `Heap bytes per pending operation: ${n} operations left pending — a handle with one observer, or a suspended coroutine awaiting one (async function, co, Task, inlineCallbacks) — measured after a forced GC.`,
      primary: 'heapBytesPerOp',
      better: 'lower',
      limit: LIMIT,
      native: 'asyncawait',
      method: `One fresh node --expose-gc process per contestant and run, ${runs} interleaved runs; (heapUsed after − heapUsed before) / ${n}, both read after gc().`,
      notes: [
        'Includes the 8 bytes or so per operation of the array that holds what would complete each operation, alike for every contestant.',
        'RSS per operation is reported beside it for completeness; it moves in whole pages and is noisier.',
      ],
    },
    { heapBytesPerOp: 'B/op (heap)', rssBytesPerOp: 'B/op (RSS)' },
    contestants.map(
      (c): RawRow => ({
        name: c.name,
        kind: c.kind,
        description: c.description,
        error: p.memoryErrors.get(c.name),
        perRun: {
          heapBytesPerOp: p.heap.get(c.name) ?? [],
          rssBytesPerOp: p.rss.get(c.name) ?? [],
        },
      }),
    ),
  );
}
