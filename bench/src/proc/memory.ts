/**
 * Memory readings after a forced garbage collection. Processes that measure
 * memory run with `--expose-gc` (child.ts starts every child so).
 * Read ../echo-server-process.ts next.
 */
import { setImmediate as turn } from 'node:timers/promises';

export interface MemoryReading {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Collects garbage (twice, with a loop turn between so finalizers and weak callbacks run), then reads memory. */
export async function settledMemory(): Promise<MemoryReading> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory readings need node --expose-gc');
  gc();
  await turn();
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}
