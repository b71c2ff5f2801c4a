/**
 * Generator trampoline model: sleep.
 * Contract: `yield* sleep(ms, value)` suspends the running Task for `ms` milliseconds of
 * its loop's clock and evaluates to `value`; `sleep(0)` is a bare `yield` (exactly one
 * loop iteration).
 * Lineage: asyncio.sleep (Lib/asyncio/tasks.py). Read gather.ts next.
 */
import { type Operation, wait } from './ops.js';
import { setResultUnlessDone } from './outcome.js';
import { currentLoop } from './task.js';

/**
 * Suspends the running Task for `ms` milliseconds, then evaluates to `value`. Cancelling
 * the Task cancels the sleep (the timer is cleared). `ms <= 0` gives up exactly one loop
 * iteration, as a bare `yield`.
 *
 * @example
 * const answer = yield* sleep(100, 42); // 42, 100 ms later
 */
export function* sleep<T = undefined>(ms: number, value?: T): Operation<T> {
  if (ms <= 0) {
    yield;
    return value as T;
  }
  const loop = currentLoop();
  const done = loop.createFuture<T>();
  const timer = loop.callLater(ms, setResultUnlessDone, done, value as T);
  try {
    return yield* wait(done);
  } finally {
    timer.cancel();
  }
}
