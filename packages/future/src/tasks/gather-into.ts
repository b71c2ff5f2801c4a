/**
 * asyncio-callback model: how a whole made of parts hears of them, by done-callbacks.
 * Contract: `gatherInto(whole, part, onResult)`: the part's first failure fails the whole
 * (later ones are still retrieved, so none is reported as lost); the whole's end (result,
 * failure, cancel or timeout) cancels the part; a result reaches `onResult` only while
 * the whole is pending, and `discard` after that (to close a resource nobody will use).
 * The caller keeps its own counter of what is left.
 * Lineage: the per-child done-callback of asyncio's `gather` (Lib/asyncio/tasks.py).
 * Read fetch.ts (fetchAll) and echo.ts (echoClient) next.
 */
import type { Future } from '../future.js';

/**
 * Ties `part` to `whole`: fail together, cancel together, results to `onResult`.
 *
 * @example
 * let left = parts.length;
 * for (const part of parts) {
 *   gatherInto(all, part, () => {
 *     if (--left === 0) all.setResult(undefined);
 *   });
 * }
 */
export function gatherInto<T>(
  whole: Future<unknown>,
  part: Future<T>,
  onResult: (value: T) => void = () => {},
  discard: (value: T) => void = () => {},
): void {
  const cancelPart = (): void => {
    part.cancel();
  };
  whole.addDoneCallback(cancelPart);
  part.addDoneCallback((f) => {
    whole.removeDoneCallback(cancelPart);
    if (f.cancelled()) return;
    const exc = f.exception(); // looked at even when too late, so it is not reported as lost
    if (exc !== null) {
      if (!whole.done()) whole.setException(exc);
    } else if (whole.done()) discard(f.result());
    else onResult(f.result());
  });
}
