/**
 * Generator trampoline model: a deadline on one awaitable.
 * Contract: `waitFor(aw, ms)` completes like `aw`, unless `ms` passes first: then it
 * cancels `aw`, waits until `aw` is really done, and fails with TimeoutError (ETIMEDOUT).
 * Cancelling the waitFor cancels `aw` the same way.
 * Lineage: asyncio.wait_for as of Python 3.8–3.11 (Lib/asyncio/tasks.py), written
 * as a generator on this package's own Task. Read shield.ts next.
 */
import { CancelledError, Future, TimeoutError } from '@async-rosetta/future';
import { toFuture } from './ensure.js';
import { type Awaitable, type Operation, wait } from './ops.js';
import { setResultUnlessDone } from './outcome.js';
import { createTask, currentLoop, type Task } from './task.js';

/**
 * Completes with `aw`'s result, or — once `timeoutMs` passed — cancels `aw`, waits for it
 * to finish, and fails with TimeoutError (code ETIMEDOUT). `timeoutMs` undefined or null:
 * no deadline: a generator then runs inside the waitFor Task itself, as asyncio's
 * `return await fut`; with a deadline a generator is run as a Task of its own.
 *
 * @example
 * const page = yield* wait(waitFor(getPage(url), 5_000)); // or TimeoutError
 */
export function waitFor<T>(aw: Awaitable<T>, timeoutMs?: number | null): Task<T> {
  const loop = aw instanceof Future ? aw.getLoop() : currentLoop();
  return createTask(waitForOperation(aw, timeoutMs ?? null), { loop });
}

function* waitForOperation<T>(aw: Awaitable<T>, timeoutMs: number | null): Operation<T> {
  const loop = currentLoop();
  // No deadline: asyncio's `return await fut` — an Operation runs inline, in this Task.
  if (timeoutMs === null) return yield* wait(aw);
  if (timeoutMs <= 0) {
    const inner = toFuture(aw, loop);
    if (inner.done()) return inner.result();
    yield* cancelAndWait(inner);
    return resultOrTimeout(inner);
  }
  const waiter = loop.createFuture<void>();
  const release = (): void => setResultUnlessDone(waiter, undefined);
  const timer = loop.callLater(timeoutMs, release);
  const inner = toFuture(aw, loop);
  inner.addDoneCallback(release);
  try {
    try {
      yield* wait(waiter);
    } catch (cancelled) {
      // This waitFor was cancelled: the inner goes too, and must be done before we return.
      if (inner.done()) return inner.result();
      inner.removeDoneCallback(release);
      yield* cancelAndWait(inner);
      throw cancelled;
    }
    if (inner.done()) return inner.result();
    inner.removeDoneCallback(release);
    yield* cancelAndWait(inner);
    return resultOrTimeout(inner);
  } finally {
    timer.cancel();
  }
}

/** After a timed-out cancel: a cancelled inner becomes TimeoutError; anything else stands. */
function resultOrTimeout<T>(inner: Future<T>): T {
  try {
    return inner.result();
  } catch (exc) {
    if (exc instanceof CancelledError) throw new TimeoutError(`timed out`);
    throw exc;
  }
}

/** Cancels `f` and waits until it is done, without ever waiting on `f` itself (so we stay cancellable). */
function* cancelAndWait(f: Future<unknown>): Operation<void> {
  const waiter = currentLoop().createFuture<void>();
  const release = (): void => setResultUnlessDone(waiter, undefined);
  f.addDoneCallback(release);
  try {
    f.cancel();
    yield* wait(waiter);
  } finally {
    f.removeDoneCallback(release);
  }
}
