/**
 * Runs jobs one at a time (the measuring runs: one server and one load process
 * at a time on 2 cores) or a few at once (--quick, a smoke test whose timings
 * nobody reads). Read suite-builder.ts next.
 */

/** Calls `job` on every item, at most `limit` at once; resolves when all have finished. */
export async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  job: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await job(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** How many measurements may run at once: 1 for real runs, a few for --quick. */
export const parallelism = (quick: boolean): number => (quick ? 3 : 1);
