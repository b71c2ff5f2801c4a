/**
 * Twisted model — gatherResults made fail-fast: the first failure cancels every
 * other Deferred and is passed on as itself (FirstError unwrapped, so the caller
 * sees the original code). Read ../fetch.ts, the exhibit, first.
 */
import type { Deferred } from '../../deferred.js';
import { gatherResults } from '../../deferred-list.js';
import type { FirstError } from '../../errors.js';
import type { Failure } from '../../failure.js';

/**
 * The results of `ds` in order; on the first failure, cancel the rest and fail with it.
 *
 * @example
 * gatherFailFast(urls.map((url) => sem.run(fetchPage, url)));
 */
export function gatherFailFast<T>(ds: Deferred<T>[]): Deferred<T[]> {
  return gatherResults(ds, true).addErrback((f: Failure) => {
    for (const d of ds) d.cancel();
    return (f.value as FirstError).subFailure ?? f;
  });
}
