/**
 * async/await model — structured concurrency for a handful of async functions:
 * run them together, and on the first failure abort the rest through one
 * AbortController, wait until they have all wound down, then rethrow that failure.
 * Lineage: Python 3.11's asyncio.TaskGroup (without the ExceptionGroup), Trio's
 * nursery; the abort travels as an AbortSignal. Read src/http.ts next.
 */
import { setMaxListeners } from 'node:events';
import { CancelledError } from './errors.js';

/**
 * Runs `count` copies of `body` at once, each given its index and a signal that
 * fires when the caller's `signal` does or when a sibling fails. Resolves with
 * their results in index order; rejects with the first failure, only after
 * every sibling has settled, so nothing of the group outlives it.
 *
 * @example
 * const sizes = await taskGroup(3, async (i, signal) => (await fetchPage(urls[i], { signal })).body.length);
 */
export async function taskGroup<T>(
  count: number,
  body: (index: number, signal: AbortSignal) => Promise<T>,
  signal?: AbortSignal,
): Promise<T[]> {
  const group = new AbortController();
  const shared = signal ? AbortSignal.any([signal, group.signal]) : group.signal;
  setMaxListeners(0, shared); // one abort listener per member's socket is the design, not a leak
  const members = Array.from({ length: count }, (_, i) => body(i, shared));
  try {
    return await Promise.all(members);
  } catch (err) {
    group.abort(new CancelledError('a sibling task failed', { cause: err }));
    await Promise.allSettled(members);
    throw err;
  }
}
