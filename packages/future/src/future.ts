/**
 * asyncio's Future model — Future<T>, a placeholder for a result that arrives later.
 *
 * Contract: a Future is PENDING until exactly one of `setResult`, `setException` or `cancel`
 * moves it to FINISHED or CANCELLED; done-callbacks are never called inline but always scheduled
 * with `loop.callSoon`, in registration order, each with the Future as its argument.
 *
 * Lineage: PEP 3148 (`concurrent.futures.Future`) as adapted by PEP 3156 / asyncio
 * `futures.py`: no blocking `result(timeout)`, callbacks via the event loop, `cancel(msg)`,
 * "Future exception was never retrieved". `then` plays the part of asyncio's `__await__`.
 *
 * Subclass contract (asyncio's Task, in packages/generators, `extends Future<T>`):
 * - The protected fields mirror asyncio's: `_state`, `_result`, `_exception`, `_callbacks`,
 *   `_loop`, `_cancelMessage`, `_cancelledExc`; `_logTraceback` may only be set to `false`
 *   (Task.cancel does this, as asyncio's does); `_makeCancelledError()` builds the
 *   CancelledError that `result()`/`exception()` throw (returns `_cancelledExc` when a subclass
 *   stored the one its body raised); it is public but internal, as asyncio's, for `gather`.
 * - A subclass may override `cancel`, `setResult`, `setException` (Task makes the public
 *   setters throw) and complete itself through the base implementations:
 *   `Future.prototype.setResult.call(this, v)`, `Future.prototype.setException.call(this, e)`,
 *   `Future.prototype.cancel.call(this, msg)`. No base method calls the public setters or
 *   `cancel`, so that is safe.
 * - The unretrieved-exception report uses the subclass's name ("Task exception was never
 *   retrieved"), as asyncio's `__del__` does with `self.__class__.__name__`.
 *
 * Read next: ./loop.ts (where callbacks go), then ./interop.ts.
 */
import { inspect } from 'node:util';
import { CancelledError, InvalidStateError } from './errors.js';
import type { EventLoop } from './loop.js';
import { getEventLoop } from './loop.js';
import { formatCallback, formatException, formatValue } from './repr.js';

/** The three states of a Future, spelled as asyncio spells them. */
export type FutureState = 'PENDING' | 'CANCELLED' | 'FINISHED';
export const PENDING: FutureState = 'PENDING';
export const CANCELLED: FutureState = 'CANCELLED';
export const FINISHED: FutureState = 'FINISHED';

/**
 * A done-callback: called (through the loop) with the Future once it is done. Declared with
 * method syntax so that `Future<T>` stays assignable to `Future<unknown>` (parameter bivariance).
 */
export type DoneCallback<T> = { bivarianceHack(future: Future<T>): void }['bivarianceHack'];

/** What the collector needs to report an exception nobody looked at; never the Future itself. */
interface Unretrieved {
  loop: EventLoop;
  kind: string;
  exception: unknown;
}

// asyncio reports from Future.__del__; JavaScript's equivalent is a FinalizationRegistry whose
// held value must not reference the Future (or it would never be collected).
const neverRetrieved = new FinalizationRegistry<Unretrieved>((u) => {
  u.loop.callExceptionHandler({
    message: `${u.kind} exception was never retrieved`,
    exception: u.exception,
  });
});

/** Whether `x` is an Error class (asyncio instantiates an exception class given to set_exception). */
function isErrorClass(x: unknown): x is new () => Error {
  return typeof x === 'function' && (x === Error || x.prototype instanceof Error);
}

/**
 * A Future: the result of an operation that completes later, observed through done-callbacks
 * that the event loop calls.
 *
 * @example
 * ```ts
 * const loop = getEventLoop();
 * const f = loop.createFuture<string>();
 * f.addDoneCallback((done) => console.log(done.result())); // runs in a later loop iteration
 * loop.callLater(10, () => f.setResult('hello'));
 * console.log(await f); // a Future is awaitable: 'hello'
 * ```
 */
export class Future<T> implements PromiseLike<T> {
  protected _state: FutureState = PENDING;
  protected _result: T | undefined = undefined;
  /** The exception set by setException; `null` when none (undefined/null cannot be set). */
  protected _exception: unknown = null;
  protected _callbacks: DoneCallback<T>[] = [];
  protected readonly _loop: EventLoop;
  protected _cancelMessage: string | undefined = undefined;
  /** A subclass (Task) may store here the CancelledError its body raised. */
  protected _cancelledExc: CancelledError | null = null;
  /** Registered with `neverRetrieved` while an exception is set and not yet retrieved. */
  private _unretrieved: Unretrieved | null = null;
  /** The native Promise behind `then`, created on first use. */
  private _promise: Promise<T> | null = null;

  /** @param opts.loop the loop that runs this Future's callbacks (default: `getEventLoop()`). */
  constructor(opts?: { loop?: EventLoop }) {
    this._loop = opts?.loop ?? getEventLoop();
  }

  /** The event loop this Future is bound to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /** True once the Future has a result, an exception, or was cancelled. */
  done(): boolean {
    return this._state !== PENDING;
  }

  /** True if the Future was cancelled. */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * The result. Throws the Future's exception if it has one, CancelledError if cancelled,
   * InvalidStateError if not done yet.
   */
  result(): T {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError('Result is not ready.');
    this._logTraceback = false;
    if (this._exception !== null) throw this._exception;
    return this._result as T;
  }

  /**
   * The exception, or `null` if the Future has a result. Throws CancelledError if cancelled,
   * InvalidStateError if not done yet.
   */
  exception(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError('Exception is not set.');
    this._logTraceback = false;
    return this._exception;
  }

  /** Mark the Future done with a result and schedule its callbacks. InvalidStateError if done. */
  setResult(value: T): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${this._state}: ${this}`);
    this._result = value;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Mark the Future done with an exception and schedule its callbacks. InvalidStateError if done.
   * An Error class is instantiated (as asyncio does); `null`/`undefined` is a TypeError. As in
   * asyncio, a CancelledError is accepted and makes the Future FINISHED, not cancelled.
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) throw new InvalidStateError(`${this._state}: ${this}`);
    const exc = isErrorClass(exception) ? new exception() : exception;
    if (exc === null || exc === undefined) throw new TypeError('invalid exception object');
    this._exception = exc;
    this._state = FINISHED;
    this._scheduleCallbacks();
    this._unretrieved = { loop: this._loop, kind: this.constructor.name, exception: exc };
    neverRetrieved.register(this, this._unretrieved, this._unretrieved);
  }

  /**
   * Cancel the Future and schedule its callbacks. Returns false if it was already done.
   * `msg` travels in the CancelledError that `result()`/`exception()` then throw.
   */
  cancel(msg?: string): boolean {
    this._logTraceback = false;
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * Call `fn(future)` once the Future is done — always through `loop.callSoon`, never inline,
   * even if the Future is already done.
   */
  addDoneCallback(fn: DoneCallback<T>): void {
    if (typeof fn !== 'function')
      throw new TypeError(`a callable was expected, got ${formatValue(fn)}`);
    if (this._state !== PENDING) this._loop.callSoon(fn, this);
    else this._callbacks.push(fn);
  }

  /** Remove every registration of `fn` that has not been scheduled yet; returns how many. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    const kept = this._callbacks.filter((cb) => cb !== fn);
    const removed = this._callbacks.length - kept.length;
    if (removed > 0) this._callbacks = kept;
    return removed;
  }

  /**
   * Make the Future awaitable (asyncio's `__await__`): settles, in a loop iteration after the
   * Future is done, with its result, or rejects with its exception or CancelledError.
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (this._promise === null) {
      this._promise = new Promise<T>((resolve, reject) => {
        this.addDoneCallback((done) => {
          try {
            resolve(done.result());
          } catch (exc) {
            reject(exc);
          }
        });
      });
    }
    return this._promise.then(onfulfilled, onrejected);
  }

  /**
   * asyncio's `__log_traceback`: true while an exception is set and nobody retrieved it.
   * May only be set to false (as in asyncio), which cancels the "never retrieved" report.
   */
  protected get _logTraceback(): boolean {
    return this._unretrieved !== null;
  }

  protected set _logTraceback(value: boolean) {
    if (value) throw new Error('_logTraceback can only be set to false');
    if (this._unretrieved !== null) {
      neverRetrieved.unregister(this._unretrieved);
      this._unretrieved = null;
    }
  }

  /**
   * The CancelledError that a cancelled Future's `result()`/`exception()` throw: the one a
   * subclass stored in `_cancelledExc`, else a new one carrying `_cancelMessage`. Internal, as
   * asyncio's `_make_cancelled_error` (which `gather` calls on a child, and so does ours). Unlike
   * asyncio's it does not clear `_cancelledExc`: every read gives the same error (see the
   * generators README, departures).
   */
  _makeCancelledError(): CancelledError {
    return this._cancelledExc ?? new CancelledError(this._cancelMessage);
  }

  /** Hand every registered callback to the loop, in order, and forget them. */
  private _scheduleCallbacks(): void {
    const callbacks = this._callbacks;
    if (callbacks.length === 0) return;
    this._callbacks = [];
    for (const callback of callbacks) this._loop.callSoon(callback, this);
  }

  /** `<Future pending>`, `<Future finished result=1>`, `<Future cancelled>`… as asyncio. */
  toString(): string {
    const info = [this.constructor.name, this._state.toLowerCase()];
    if (this._state === FINISHED) {
      if (this._exception !== null) info.push(`exception=${formatException(this._exception)}`);
      else info.push(`result=${formatValue(this._result)}`);
    }
    if (this._callbacks.length > 0) {
      const names = this._callbacks.map((cb) => formatCallback(cb, []));
      info.push(`cb=[${names.join(', ')}]`);
    }
    return `<${info.join(' ')}>`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Whether `x` is a Future (of this package, including subclasses such as Task). */
export function isFuture(x: unknown): x is Future<unknown> {
  return x instanceof Future;
}
