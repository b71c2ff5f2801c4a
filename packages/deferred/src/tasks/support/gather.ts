/**
 * Twisted model — gatherResults made fail-fast: the first failure cancels every
 * other Deferred and is passed on as itself (FirstError unwrapped, so the caller
 * sees the original code); cancelling the whole cancels them all.
 * Read ../fetch.ts, the exhibit, first.
 */
import { Deferred } from '../../deferred.js';
import { gatherResults } from '../../deferred-list.js';
import type { FirstError } from '../../errors.js';
import type { Failure } from '../../failure.js';

/**
 * The results of `ds` in order; on the first failure, cancel the rest and fail with it.
 *
 * @example
 * gatherFailFast(urls.map((url) => semaphore.run(fetchPage, url)));
 */
export function gatherFailFast<T>(ds: Deferred<T>[]): Deferred<T[]> {
  // Last first: when a semaphore queues them (FIFO, in list order), the queued ones are
  // dropped before a cancelled running one releases its token and starts the next.
  const cancelAll = (): void => {
    for (let i = ds.length - 1; i >= 0; i--) ds[i]!.cancel();
  };
  const all = new Deferred<T[]>(cancelAll);
  gatherResults(ds, true).addCallbacks(
    (results) => all.callback(results),
    (f: Failure) => {
      cancelAll();
      all.errback((f.value as FirstError).subFailure ?? f);
    },
  );
  return all;
}
