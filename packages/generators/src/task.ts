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
  /** The trampoline: the Task's generator at the bottom, sub-generators above it. */
  readonly #stack: Coroutine[];
  /** The Future this Task is suspended on, if any (asyncio's `_fut_waiter`). */
  #waiter: Future<unknown> | null = null;
  /** cancel() arrived while no waiter could take it: throw CancelledError at the next step. */
  #mustCancel = false;
  #cancelMessage: string | undefined;

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
    this.#cancelMessage = msg;
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

  readonly #step = (outcome: Outcome): void => {
    if (this.done()) return; // a stale wake-up; cannot happen while the invariants hold
    let resume = outcome;
    if (this.#mustCancel) {
      if (resume.ok || !(resume.error instanceof CancelledError)) {
        resume = { ok: false, error: new CancelledError(this.#cancelMessage) };
      }
      this.#mustCancel = false;
    }
    this.#waiter = null;
    const outer = running;
    running = this as Task<unknown>;
    try {
      this.#run(resume);
    } finally {
      running = outer;
    }
  };

  readonly #wakeup = (f: Future<unknown>): void => {
    this.#step(outcomeOf(f));
  };

  /** Resumes the generator stack until it suspends or finishes. A loop, never recursion. */
  #run(outcome: Outcome): void {
    let resume: Outcome | null = outcome;
    while (resume !== null) {
      const gen = this.#stack[this.#stack.length - 1]!;
      let step: IteratorResult<Yieldable, unknown>;
      try {
        step = resume.ok ? gen.next(resume.value) : gen.throw(resume.error);
      } catch (error) {
        resume = this.#popWith({ ok: false, error });
        continue;
      }
      resume = step.done
        ? this.#popWith({ ok: true, value: step.value })
        : this.#handleYield(step.value);
    }
  }

  /** The top generator ended with `outcome`: resume the one below with it, or finish the Task. */
  #popWith(outcome: Outcome): Outcome | null {
    this.#stack.pop();
    if (this.#stack.length > 0) return outcome;
    this.#finish(outcome);
    return null;
  }

  /** What the generator yielded decides the next step: an outcome to go on with now, or null to suspend. */
  #handleYield(yielded: Yieldable): Outcome | null {
    const loop = this.getLoop();
    if (yielded === undefined) {
      loop.callSoon(this.#step, START); // bare yield: one loop iteration
      return null;
    }
    if (isGenerator(yielded)) {
      this.#stack.push(yielded); // a sub-coroutine runs on this Task's own stack
      return START;
    }
    let future: Future<unknown>;
    if (yielded instanceof Future) future = yielded;
    else if (isThenable(yielded)) future = wrapPromise(yielded, { loop });
    else return this.#throwLater(new TypeError(`Task got bad yield: ${describe(yielded)}`));
    if (future === this) return this.#throwLater(new RuntimeError('Task cannot await on itself'));
    if (future.getLoop() !== loop) {
      return this.#throwLater(new RuntimeError('Task got a Future attached to a different loop'));
    }
    if (future.done()) return outcomeOf(future); // a done Future does not suspend
    this.#waiter = future;
    future.addDoneCallback(this.#wakeup);
    if (this.#mustCancel && future.cancel(this.#cancelMessage)) this.#mustCancel = false;
    return null;
  }

  /** asyncio's way with a bad yield: the error is thrown into the generator at its next step. */
  #throwLater(error: Error): null {
    this.getLoop().callSoon(this.#step, { ok: false, error });
    return null;
  }

  #finish(outcome: Outcome): void {
    if (outcome.ok) {
      if (this.#mustCancel) {
        // cancel() came after the generator's last suspension: it returned, but was asked to stop.
        this.#mustCancel = false;
        Future.prototype.cancel.call(this, this.#cancelMessage);
      } else {
        Future.prototype.setResult.call(this, outcome.value as T);
      }
    } else if (outcome.error instanceof CancelledError) {
      this._cancelledExc = outcome.error; // result() re-throws the very error the body raised
      Future.prototype.cancel.call(this, outcome.error.cancelMessage);
    } else {
      Future.prototype.setException.call(this, outcome.error);
    }
  }
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
