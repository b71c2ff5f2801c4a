/**
 * Generator trampoline model: the Task, a Future that steps a generator.
 * Contract: a Task runs its generator one step per wake-up; every Future (or thenable)
 * the generator yields suspends it until that Future is done, and the result is sent
 * back in (or the exception thrown in) at the `yield`; the Task completes with the
 * generator's return value or exception.
 * Lineage: asyncio's Task (Lib/asyncio/tasks.py, `__step`/`__wakeup`/`cancel`) from the
 * @coroutine era, Tornado's `gen.coroutine` and its `Runner` (tornado/gen.py), co's `co(fn)`
 * (index.js); knowingly a blend: asyncio's cancellation and scheduling, co's adoption of
 * thenables, Effection's typed `yield*` (lib/types.ts). Read combinators next
 * (sleep.ts, gather.ts, wait-for.ts).
 *
 * States (as asyncio's): pending → stepping ⇄ waiting on one Future → done (result,
 * exception, or cancelled when the generator exits with CancelledError).
 */

import { inspect } from 'node:util';
import {
  CancelledError,
  type EventLoop,
  Future,
  getEventLoop,
  wrapPromise,
} from '@async-rosetta/future';
import { RuntimeError } from './errors.js';
import { isGenerator, isThenable, type Operation, type Yieldable } from './ops.js';
import { type Outcome, outcomeOf } from './outcome.js';

type Coroutine = Generator<Yieldable, unknown, unknown>;

const START: Outcome = { ok: true, value: undefined };

let running: Task<unknown> | null = null;

/** The Task whose generator is executing right now, or null outside any Task step. */
export function currentTask(): Task<unknown> | null {
  return running;
}

/** The running Task's loop, else the default loop: where helpers make their Futures. */
export function currentLoop(): EventLoop {
  return running?.getLoop() ?? getEventLoop();
}

/**
 * A Future that runs a generator to completion: asyncio's Task. Create one with
 * `spawn`, `createTask` or a `coroutine`-wrapped function. `cancel()` asks the generator
 * to stop by throwing CancelledError in at its current `yield`.
 *
 * @example
 * const task = spawn(function* () {
 *   const page = yield* wait(fetchPage(url));
 *   return page.status;
 * });
 * task.addDoneCallback((t) => console.log(t.result()));
 */
export class Task<T> extends Future<T> {
  /**
   * The trampoline: the Task's generator at the bottom, sub-generators it yielded above it
   * (`yield gen`). Only the top one runs; when it ends, its outcome resumes the one below.
   * `#step` explains why the Task keeps this stack itself.
   */
  readonly #stack: Coroutine[];
  /** The Future this Task is suspended on, if any (asyncio's `_fut_waiter`). */
  #waiter: Future<unknown> | null = null;
  /**
   * cancel() arrived while no waiter could take it: throw CancelledError at the next step
   * (asyncio's `_must_cancel`; the message waits in `_cancelMessage`, as asyncio's does).
   */
  #mustCancel = false;

  constructor(coro: Operation<T>, opts: { loop?: EventLoop } = {}) {
    super({ loop: opts.loop ?? currentLoop() });
    if (!isGenerator(coro)) throw new TypeError(`a generator was expected, got ${describe(coro)}`);
    this.#stack = [coro];
    this.getLoop().callSoon(this.#step, START);
  }

  /**
   * Requests cancellation: cancels the Future the Task waits on, or else arranges for
   * CancelledError to be thrown into the generator at its next step. The generator may
   * catch it; `cancelled()` becomes true only when it exits with CancelledError.
   */
  override cancel(msg?: string): boolean {
    this._logTraceback = false; // a cancelled Task's exception is nobody's surprise (asyncio)
    if (this.done()) return false;
    // The waiter's cancellation reaches the generator through #wakeup. If the waiter
    // is a Task that refuses, a later cancel() may have to cancel it again.
    if (this.#waiter?.cancel(msg)) return true;
    this.#mustCancel = true;
    this._cancelMessage = msg;
    return true;
  }

  /** A Task completes only from its generator (asyncio: "Task does not support set_result"). */
  override setResult(_value: T): void {
    throw new RuntimeError('Task does not support setResult()');
  }

  /** A Task completes only from its generator. */
  override setException(_exc: unknown): void {
    throw new RuntimeError('Task does not support setException()');
  }

  /**
   * One step of the Task: asyncio's `Task.__step` (Lib/asyncio/tasks.py), in the same order,
   * so the two read side by side. The comments marked `asyncio:` name the part of `__step`
   * each block stands for. A step resumes the generator with `outcome` (a value sent in, or
   * an error thrown in) and runs it until it suspends on a pending Future or finishes.
   */
  readonly #step = (outcome: Outcome): void => {
    // asyncio: `if self.done(): raise InvalidStateError`. A stale wake-up cannot happen
    // while the invariants hold; it is ignored rather than reported.
    if (this.done()) return;
    // asyncio: `if self._must_cancel:` — a cancel() that no waiter took is thrown in now
    // (a CancelledError already on its way in is kept, with its own message).
    let resume = outcome;
    if (this.#mustCancel) {
      if (resume.ok || !(resume.error instanceof CancelledError)) {
        resume = { ok: false, error: new CancelledError(this._cancelMessage) };
      }
      this.#mustCancel = false;
    }
    this.#waiter = null;
    const loop = this.getLoop();
    const stack = this.#stack;
    // asyncio: `_enter_task(self._loop, self)` … `finally: _leave_task(…)`.
    const outer = running;
    running = this as Task<unknown>;
    try {
      // asyncio sends into one coroutine object, and CPython resumes a `yield from` chain
      // inside it. Here the chain is `stack`: `yield gen` pushes `gen`, and a generator that
      // ends is popped and its outcome goes straight to the one below, in this same step.
      // Why not only native `yield*`? V8 resumes a `yield*` chain through one JS frame per
      // level, so a 10,000-deep chain overflows the stack; this loop keeps the depth in an
      // array. It is a loop, never recursion, so a long run of Futures that are already
      // done (which do not suspend, below) never grows the JS stack either.
      for (;;) {
        const gen = stack[stack.length - 1]!;
        // asyncio: `result = coro.send(None)` or `coro.throw(exc)`.
        let ended: Outcome | null = null;
        let yielded: Yieldable;
        try {
          const r = resume.ok ? gen.next(resume.value) : gen.throw(resume.error);
          if (r.done) ended = { ok: true, value: r.value };
          else yielded = r.value;
        } catch (error) {
          ended = { ok: false, error };
        }
        if (ended !== null) {
          stack.pop();
          if (stack.length > 0) {
            resume = ended; // a sub-generator ended: resume the one that yielded it
            continue;
          }
          // The Task's own generator ended.
          if (ended.ok) {
            // asyncio: `except StopIteration:` — a cancel() that came after the last
            // suspension still cancels the Task; otherwise the return value is its result.
            if (this.#mustCancel) {
              this.#mustCancel = false;
              Future.prototype.cancel.call(this, this._cancelMessage);
            } else {
              Future.prototype.setResult.call(this, ended.value as T);
            }
          } else if (ended.error instanceof CancelledError) {
            // asyncio: `except CancelledError: self._cancelled_exc = exc; super().cancel()`.
            // result() re-throws the very error the body raised (message kept: README).
            this._cancelledExc = ended.error;
            Future.prototype.cancel.call(this, ended.error.cancelMessage);
          } else {
            // asyncio: `except BaseException: super().set_exception(exc)`.
            Future.prototype.setException.call(this, ended.error);
          }
          return;
        }
        // asyncio: the `else:` branch — what the generator yielded decides what comes next.
        if (yielded === undefined) {
          // asyncio: `elif result is None:` — a bare yield gives up one loop iteration.
          loop.callSoon(this.#step, START);
          return;
        }
        if (isGenerator(yielded)) {
          // asyncio calls this a bad yield ("yield was used instead of yield from"); here it
          // is the trampoline's call: the sub-generator runs on top of the stack.
          stack.push(yielded);
          resume = START;
          continue;
        }
        // asyncio: `blocking = getattr(result, '_asyncio_future_blocking', None)` — a Future
        // (or a thenable, adopted as one, as tj/co does); anything else is a bad yield.
        const future =
          yielded instanceof Future
            ? yielded
            : isThenable(yielded)
              ? wrapPromise(yielded, { loop })
              : null;
        const badYield =
          future === null
            ? new TypeError(`Task got bad yield: ${describe(yielded)}`)
            : future.getLoop() !== loop
              ? new RuntimeError('Task got a Future attached to a different loop')
              : future === this
                ? new RuntimeError('Task cannot await on itself')
                : null;
        if (future === null || badYield !== null) {
          // asyncio: `self._loop.call_soon(self.__step, new_exc)` — thrown in at the next step.
          loop.callSoon(this.#step, { ok: false, error: badYield });
          return;
        }
        if (future.done()) {
          // asyncio's `Future.__await__` does not yield a done Future at all: go on now.
          resume = outcomeOf(future);
          continue;
        }
        // asyncio: `result.add_done_callback(self.__wakeup)`, `self._fut_waiter = result`,
        // and a pending `_must_cancel` goes to the new waiter at once.
        this.#waiter = future;
        future.addDoneCallback(this.#wakeup);
        if (this.#mustCancel && future.cancel(this._cancelMessage)) this.#mustCancel = false;
        return;
      }
    } finally {
      running = outer;
    }
  };

  /** asyncio's `__wakeup`: the awaited Future is done; step with its outcome. */
  readonly #wakeup = (f: Future<unknown>): void => {
    this.#step(outcomeOf(f));
  };
}

function describe(x: unknown): string {
  return inspect(x, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
}

/**
 * Wraps a generator object in a Task; its first step runs on the next loop iteration.
 * The loop: `opts.loop`, else the running Task's loop, else the default loop.
 *
 * @example
 * function* hello(): Operation<string> { yield; return 'hello'; }
 * const task = createTask(hello(), { loop });
 */
export function createTask<T>(coro: Operation<T>, opts: { loop?: EventLoop } = {}): Task<T> {
  return new Task(coro, opts);
}

/**
 * Calls a generator function and runs what it returns as a Task (co's `co(fn, ...args)`).
 *
 * @example
 * const task = spawn(function* (url: string) {
 *   const page = yield* wait(fetchPage(url));
 *   return page.body.length;
 * }, 'http://127.0.0.1:8080/');
 */
export function spawn<A extends unknown[], T>(
  genFn: (...args: A) => Operation<T>,
  ...args: A
): Task<T> {
  return new Task(genFn(...args));
}

/**
 * Turns a generator function into a function that returns a Task: the shape of asyncio's
 * `@coroutine` + `ensure_future`, Tornado's `@gen.coroutine` and `co.wrap`.
 *
 * @example
 * const getStatus = coroutine(function* (url: string) {
 *   const page = yield* wait(fetchPage(url));
 *   return page.status;
 * });
 * getStatus('http://127.0.0.1:8080/status/404'); // a Task<number>
 */
export function coroutine<A extends unknown[], T>(
  genFn: (this: unknown, ...args: A) => Operation<T>,
): (this: unknown, ...args: A) => Task<T> {
  return function (this: unknown, ...args: A): Task<T> {
    return new Task(genFn.apply(this, args));
  };
}
