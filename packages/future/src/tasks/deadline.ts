/**
 * asyncio-callback model: one deadline over a whole task.
 * Contract: `deadline(future, timeoutMs, what)`: past `timeoutMs` a still-pending
 * `future` fails with TimeoutError (code ETIMEDOUT); the timer goes as soon as `future`
 * is done. What the task had in flight is stopped by the task's own done-callbacks, as
 * for a cancel. `timeoutMs` undefined: no deadline.
 * Lineage: `loop.call_later` + `Future.set_exception`, as Tulip-era code timed out.
 * Read fetch.ts next.
 */
import { TimeoutError } from '../errors.js';
import type { Future } from '../future.js';

/** Fails `future` with TimeoutError("`what`: not done in N ms") unless it is done in time. */
export function deadline(
  future: Future<unknown>,
  timeoutMs: number | undefined,
  what: string,
): void {
  if (timeoutMs === undefined) return;
  const timer = future.getLoop().callLater(timeoutMs, () => {
    if (!future.done())
      future.setException(new TimeoutError(`${what}: not done in ${timeoutMs} ms`));
  });
  future.addDoneCallback(() => timer.cancel());
}
