/**
 * Generator trampoline model: shield.
 * Contract: `shield(aw)` is a Future that follows `aw`, but cancelling it does not
 * cancel `aw`.
 * Lineage: asyncio.shield (Lib/asyncio/tasks.py). Read locks.ts next.
 */
import type { Future } from '@async-rosetta/future';
import { toFuture } from './ensure.js';
import type { Awaitable } from './ops.js';

/**
 * A Future with `aw`'s outcome that protects `aw` from cancellation: cancelling the
 * returned Future (or the Task waiting on it) leaves `aw` running.
 *
 * @example
 * const saved = yield* wait(shield(saveToDisk(data))); // a cancel here does not stop the save
 */
export function shield<T>(aw: Awaitable<T>): Future<T> {
  const inner = toFuture(aw);
  if (inner.done()) return inner;
  const outer = inner.getLoop().createFuture<T>();
  const onInnerDone = (): void => {
    if (outer.cancelled()) {
      if (!inner.cancelled()) inner.exception(); // nobody will read it: mark it retrieved
      return;
    }
    // As asyncio's: an outer completed by someone else makes setResult/setException throw
    // InvalidStateError here, which the loop reports to its exception handler.
    if (inner.cancelled()) {
      outer.cancel();
      return;
    }
    const exc = inner.exception();
    if (exc !== null) outer.setException(exc);
    else outer.setResult(inner.result());
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(() => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  });
  return outer;
}
