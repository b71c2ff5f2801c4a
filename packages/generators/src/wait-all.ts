/**
 * Generator trampoline model: waiting on several Futures at once.
 * Contract: `waitAll(fs, {returnWhen, timeoutMs})` completes with `[done, pending]` when
 * the condition holds or the time is up — it never throws on timeout and never cancels;
 * `asCompleted(fs)` gives one Operation per input, each taking the next input to complete.
 * Lineage: asyncio.wait / asyncio.as_completed (Lib/asyncio/tasks.py), PEP 3148's
 * wait/as_completed. Named `waitAll` because `wait` is the typed suspension (ops.ts).
 * Read wait-for.ts next.
 */
import type { EventLoop, Future, TimerHandle } from '@async-rosetta/future';
import { TimeoutError } from '@async-rosetta/future';
import { type Operation, wait } from './ops.js';
import { setResultUnlessDone } from './outcome.js';
import { Queue } from './queue.js';
import { createTask, currentLoop, type Task } from './task.js';

/** When `waitAll` returns: asyncio's three constants. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitAllOptions {
  /** Default ALL_COMPLETED. FIRST_EXCEPTION acts as ALL_COMPLETED when nothing fails. */
  returnWhen?: ReturnWhen;
  /** Return after this many ms even if the condition does not hold yet. */
  timeoutMs?: number;
}

/**
 * asyncio's `wait`: a Task that completes with `[done, pending]` once `returnWhen` holds
 * or `timeoutMs` passed. It never throws on timeout and never cancels anything: what is
 * still pending is in the second set. `fs` must not be empty.
 *
 * @example
 * const [done, pending] = yield* wait(waitAll([a, b], { returnWhen: FIRST_COMPLETED }));
 */
export function waitAll<T>(
  fs: Iterable<Future<T>>,
  o: WaitAllOptions = {},
): Task<[Set<Future<T>>, Set<Future<T>>]> {
  const futures = new Set(fs);
  const loop = loopOf(futures);
  return createTask(waitOperation(futures, o.returnWhen ?? ALL_COMPLETED, o.timeoutMs), { loop });
}

function* waitOperation<T>(
  fs: Set<Future<T>>,
  returnWhen: ReturnWhen,
  timeoutMs: number | undefined,
): Operation<[Set<Future<T>>, Set<Future<T>>]> {
  if (fs.size === 0) throw new RangeError('Set of Futures is empty.');
  if (![FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED].includes(returnWhen)) {
    throw new RangeError(`Invalid returnWhen value: ${returnWhen}`);
  }
  const loop = currentLoop();
  const waiter = loop.createFuture<void>();
  const timer =
    timeoutMs === undefined
      ? null
      : loop.callLater(timeoutMs, setResultUnlessDone, waiter, undefined);
  let counter = fs.size;
  const onCompletion = (f: Future<T>): void => {
    counter--;
    const failed = !f.cancelled() && f.exception() !== null;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && failed)
    ) {
      setResultUnlessDone(waiter, undefined);
    }
  };
  for (const f of fs) f.addDoneCallback(onCompletion);
  try {
    yield* wait(waiter);
  } finally {
    timer?.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<Future<T>>();
  const pending = new Set<Future<T>>();
  for (const f of fs) (f.done() ? done : pending).add(f);
  return [done, pending];
}

/** The loop of the first Future, else the running one (asyncio takes the Futures' loop). */
function loopOf(fs: Set<Future<unknown>>): EventLoop {
  for (const f of fs) return f.getLoop();
  return currentLoop();
}

/**
 * asyncio's `as_completed`: one Operation per input; each, when run, waits for the next
 * input to complete (in completion order, whichever Operation is run first) and evaluates
 * to its result, or throws its exception — a cancelled input's own CancelledError, message
 * and all. As in asyncio, the finished inputs go into a Queue and each Operation is a
 * `get()` from it, so cancelling the Task that runs one cancels only that get: the finished
 * input stays queued for the next. Past `timeoutMs`, the Operations not yet answered throw
 * TimeoutError. Nothing is cancelled.
 *
 * @example
 * for (const next of asCompleted(fetches)) {
 *   const page = yield* next; // the fastest first
 * }
 */
export function asCompleted<T>(
  fs: Iterable<Future<T>>,
  o: { timeoutMs?: number } = {},
): Operation<T>[] {
  const todo = new Set(fs);
  const loop = loopOf(todo);
  const done = new Queue<Future<T> | null>(0, { loop });
  let timer: TimerHandle | null = null;
  const onTimeout = (): void => {
    for (const f of todo) {
      f.removeDoneCallback(onCompletion);
      done.putNowait(null); // one "timed out" for each Operation still to answer
    }
    todo.clear();
  };
  const onCompletion = (f: Future<T>): void => {
    if (todo.size === 0) return; // onTimeout came first
    todo.delete(f);
    done.putNowait(f);
    if (todo.size === 0) timer?.cancel();
  };
  function* waitForOne(): Operation<T> {
    const f = yield* done.get();
    if (f === null) throw new TimeoutError();
    return f.result(); // may throw the input's exception (or its CancelledError)
  }
  for (const f of todo) f.addDoneCallback(onCompletion);
  if (todo.size > 0 && o.timeoutMs !== undefined) timer = loop.callLater(o.timeoutMs, onTimeout);
  return Array.from(todo, () => waitForOne());
}
