/**
 * Twisted model — Deferred, the engine: a result that has not arrived yet, as a chain of
 * (callback, errback) pairs the result runs through, synchronously, the moment it is fired.
 * Contract: BEHAVIOURS.md 1–28 and 40 (awaiting).
 * Lineage: twisted/internet/defer.py (Deferred, succeed, fail): the same method names, the same
 * chain runner with its explicit work list and "continue" marker, cancellation with a canceller,
 * pause/unpause, chainDeferred, addTimeout.
 * Read next: inline-callbacks.ts, then deferred-list.ts.
 */
import type { IReactorTime } from './clock.js';
import { captureStack, DebugInfo, getDebugging } from './debug.js';
import { AlreadyCalledError, CancelledError, InvalidStateError, TimeoutError } from './errors.js';
import { Failure } from './failure.js';
import { reportError, watchForUnhandled } from './unhandled.js';

/** What a Deferred whose callback returned `R` will hold next: a returned Deferred is waited on, a Failure is an error. */
export type ResultOf<R> = R extends Deferred<infer U> ? U : R extends Failure ? never : R;

/** The function given to `new Deferred(canceller)`: asked to stop the work and, if it can, fire `d`. */
export type Canceller<T> = (d: Deferred<T>) => void;

type Step = (result: unknown, ...args: unknown[]) => unknown;

/** Marks a link as "hand the result to the Deferred waiting on this one" (Twisted's _CONTINUE). */
const CONTINUE = Symbol('continue');

/** One (callback, errback) pair of the chain; exactly one of the two runs. */
interface Link {
  callback: Step | typeof CONTINUE;
  callbackArgs: readonly unknown[];
  errback: Step | typeof CONTINUE;
  errbackArgs: readonly unknown[];
}

/** Nothing has fired the Deferred yet (distinct from a result of `undefined`). */
const NO_RESULT = Symbol('no result');

const passthru = (result: unknown): unknown => result;

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * A result that is not there yet. Add callbacks and errbacks; the producer calls `callback(v)` or
 * `errback(e)` exactly once; each step's return value (or thrown error, wrapped in a Failure)
 * is what the next step receives. Nothing is deferred to a later turn: once fired, callbacks run
 * at once, including those added afterwards.
 *
 * @example
 * const d = new Deferred<number>();
 * d.addCallback((n) => n * 2)
 *   .addCallback((n) => { if (n > 10) throw new RangeError('too big'); return n; })
 *   .addErrback((f: Failure) => { f.trap(RangeError); return 10; })
 *   .addCallback((n) => console.log(n));
 * d.callback(21); // prints 10
 */
export class Deferred<T = unknown> implements PromiseLike<T> {
  private links: Link[] = [];
  private current: unknown = NO_RESULT;
  private isCalled = false;
  private pauseCount = 0;
  private runningCallbacks = false;
  private suppressAlreadyCalled = false;
  private chainedTo: Deferred<unknown> | null = null;
  private debugInfo: DebugInfo | null = null;
  // typed without T so that a Deferred<T> stays assignable to Deferred<unknown>
  private readonly canceller: Canceller<never> | undefined;

  /**
   * @param canceller called by `cancel()` before the Deferred has fired; if it does not fire the
   *   Deferred itself, `cancel()` errbacks it with CancelledError.
   */
  constructor(canceller?: Canceller<T>) {
    this.canceller = canceller;
    if (getDebugging()) {
      this.debugInfo = new DebugInfo();
      this.debugInfo.creator = captureStack(1);
    }
  }

  /** Whether `callback`/`errback` (or `cancel`) has fired this Deferred. */
  get called(): boolean {
    return this.isCalled;
  }

  /** The pause count: callbacks run only while it is 0 (waiting on another Deferred counts as one). */
  get paused(): number {
    return this.pauseCount;
  }

  /**
   * The current result: undefined before firing and after it was handed on; a Failure on the
   * error path; the Deferred waited on while chained.
   */
  get result(): unknown {
    return this.current === NO_RESULT ? undefined : this.current;
  }

  /**
   * Adds one step: `callback` runs if the result is a success, `errback` if it is a Failure;
   * a missing errback passes the Failure on. Returns this same Deferred, re-typed.
   */
  addCallbacks<R, E = never, A extends unknown[] = [], B extends unknown[] = []>(
    callback: (result: T, ...args: A) => R,
    errback?: ((failure: Failure, ...args: B) => E) | null,
    callbackArgs?: A,
    errbackArgs?: B,
  ): Deferred<ResultOf<R> | ResultOf<E>> {
    this.links.push({
      callback: callback as Step,
      callbackArgs: callbackArgs ?? NO_ARGS,
      errback: (errback ?? passthru) as Step,
      errbackArgs: errbackArgs ?? NO_ARGS,
    });
    if (this.isCalled) this.runCallbacks();
    return this as unknown as Deferred<ResultOf<R> | ResultOf<E>>;
  }

  /**
   * Adds a success step; `args` are passed after the result.
   *
   * @example
   * succeed(2).addCallback((n, m: number) => n * m, 3); // fires with 6
   */
  addCallback<R, A extends unknown[]>(
    callback: (result: T, ...args: A) => R,
    ...args: A
  ): Deferred<ResultOf<R>> {
    return this.addCallbacks(callback, null, args);
  }

  /** Adds an error step; returning a non-Failure switches back to the success path. */
  addErrback<R, A extends unknown[]>(
    errback: (failure: Failure, ...args: A) => R,
    ...args: A
  ): Deferred<T | ResultOf<R>> {
    return this.addCallbacks(passthru, errback, [], args) as unknown as Deferred<T | ResultOf<R>>;
  }

  /** Adds the same function as both callback and errback (a `finally` that sees the result). */
  addBoth<R, A extends unknown[]>(
    callback: (result: T | Failure, ...args: A) => R,
    ...args: A
  ): Deferred<ResultOf<R>> {
    return this.addCallbacks(callback, callback, args, args);
  }

  /**
   * Fires the success path with `result` (a Failure fires the error path instead).
   * @throws AlreadyCalledError if this Deferred has already been fired.
   */
  callback(result: T | Failure): void {
    if (result instanceof Deferred) {
      // Decision (BEHAVIOURS.md 20): the chain receives a TypeError instead of stalling.
      this.fire(
        new Failure(
          new TypeError(
            'callback() was given a Deferred; use chainDeferred() or return it from a callback',
          ),
        ),
      );
      return;
    }
    this.fire(result);
  }

  /**
   * Fires the error path; anything that is not a Failure is wrapped in one.
   * @throws AlreadyCalledError if this Deferred has already been fired.
   */
  errback(error?: unknown): void {
    this.fire(Failure.from(error));
  }

  /** Stops the chain from running until as many `unpause()` calls. */
  pause(): void {
    this.pauseCount++;
  }

  /**
   * Undoes one `pause()`; at zero the pending callbacks run.
   * @throws InvalidStateError when the Deferred is not paused (a decision: BEHAVIOURS.md 22).
   */
  unpause(): void {
    if (this.pauseCount === 0)
      throw new InvalidStateError('unpause() of a Deferred that is not paused');
    this.pauseCount--;
    if (this.pauseCount === 0 && this.isCalled) this.runCallbacks();
  }

  /**
   * Asks for the work to stop. Unfired: calls the canceller, then errbacks with CancelledError
   * unless the canceller fired it. Waiting on another Deferred: cancels that one. Never throws:
   * an exception from the canceller fails the Deferred instead (a decision: BEHAVIOURS.md 27).
   */
  cancel(): void {
    if (!this.isCalled) {
      if (this.canceller !== undefined) {
        try {
          (this.canceller as Canceller<T>)(this);
        } catch (error) {
          if (!this.isCalled) this.errback(error);
          else reportError('Unhandled error in Deferred canceller:', Failure.from(error));
        }
      } else {
        // No canceller: the producer will fire later; swallow that one call.
        this.suppressAlreadyCalled = true;
      }
      if (!this.isCalled) this.errback(new CancelledError());
    } else if (this.current instanceof Deferred) {
      this.current.cancel();
    }
  }

  /**
   * Makes `d` fire with this Deferred's result, i.e. `addCallbacks(d.callback, d.errback)`;
   * afterwards this Deferred's result is undefined.
   */
  chainDeferred(d: Deferred<T>): Deferred<undefined> {
    d.chainedTo = this as Deferred<unknown>;
    return this.addCallbacks(
      (result) => {
        d.callback(result);
        return undefined;
      },
      (failure) => {
        d.errback(failure);
        return undefined;
      },
    );
  }

  /**
   * Cancels this Deferred if it has not fired `ms` from now on `clock`, turning the resulting
   * CancelledError into a TimeoutError (or calling `onTimeoutCancel(result, ms)` instead). The
   * timeout covers the callbacks added before this call. Firing first cancels the timer.
   *
   * @example
   * agent.request('GET', url).addTimeout(5000, reactor);
   */
  addTimeout(
    ms: number,
    clock: IReactorTime,
    onTimeoutCancel?: (result: unknown, ms: number) => unknown,
  ): Deferred<T> {
    let timedOut = false;
    const timer = clock.callLater(ms, () => {
      timedOut = true;
      this.cancel();
    });
    this.addBoth((result) =>
      timedOut ? (onTimeoutCancel ?? cancelledToTimedOut)(result, ms) : result,
    );
    return this.addBoth((result) => {
      if (timer.active()) timer.cancel();
      return result;
    }) as Deferred<T>;
  }

  /**
   * Makes a Deferred awaitable from async code: the Deferred's result fulfils, its Failure's
   * value rejects. Awaiting consumes the result — afterwards it is undefined — as `yield` in
   * inlineCallbacks does (a decision: BEHAVIOURS.md 40).
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve, reject) => {
      this.addCallbacks(
        (value) => {
          resolve(value);
        },
        (failure) => {
          reject(failure.value);
        },
      );
    }).then(onFulfilled, onRejected);
  }

  toString(): string {
    if (this.chainedTo !== null) return '<Deferred waiting on Deferred>';
    return this.current === NO_RESULT
      ? '<Deferred>'
      : `<Deferred current result: ${String(this.current)}>`;
  }

  /** Records the result and runs the chain. */
  private fire(result: unknown): void {
    if (this.isCalled) {
      if (this.suppressAlreadyCalled) {
        this.suppressAlreadyCalled = false;
        return;
      }
      throw new AlreadyCalledError(this.alreadyCalledMessage());
    }
    if (getDebugging()) {
      this.debugInfo ??= new DebugInfo();
      this.debugInfo.invoker = captureStack(2);
    }
    this.isCalled = true;
    this.current = result;
    this.runCallbacks();
  }

  private alreadyCalledMessage(): string {
    const base = 'Deferred has already been called';
    if (!getDebugging() || this.debugInfo === null) return base;
    return `${base}\n${this.debugInfo.describe()}`;
  }

  /**
   * Takes `inner`'s result at once if it has one (and is neither paused nor itself waiting);
   * otherwise pauses this Deferred and appends a continuation marker to `inner`.
   * Returns true when this Deferred is now waiting.
   */
  private waitOn(inner: Deferred<unknown>): boolean {
    const innerResult = inner.current;
    if (innerResult === NO_RESULT || innerResult instanceof Deferred || inner.pauseCount > 0) {
      this.pauseCount++;
      this.chainedTo = inner;
      inner.links.push({
        callback: CONTINUE,
        callbackArgs: [this],
        errback: CONTINUE,
        errbackArgs: [this],
      });
      return true;
    }
    // Steal the result: a Failure handed over is the waiter's to handle, not inner's to report.
    inner.current = undefined;
    if (inner.debugInfo !== null) inner.debugInfo.failResult = null;
    this.current = innerResult;
    return false;
  }

  /**
   * The chain runner. Invariant: the stack never grows with the length of a chain of Deferreds.
   * `chain` is the explicit work list: when a Deferred reaches a continuation marker it hands its
   * result to the waiting Deferred, which is pushed and run by this same loop (rather than by a
   * nested call); when that one is done the loop pops back to the one that supplied the result.
   */
  private runCallbacks(): void {
    // A callback of ours is on the stack: its loop will run what was just added (no recursion).
    if (this.runningCallbacks) return;
    const chain: Deferred<unknown>[] = [this as Deferred<unknown>];
    while (chain.length > 0) {
      const current = chain[chain.length - 1]!;
      if (current.pauseCount > 0) return; // whoever is up the chain waits too
      let finished = true;
      current.chainedTo = null;
      while (current.links.length > 0) {
        const link = current.links.shift()!;
        const failed = current.current instanceof Failure;
        const step = failed ? link.errback : link.callback;
        const args = failed ? link.errbackArgs : link.callbackArgs;
        if (step === CONTINUE) {
          const waiter = args[0] as Deferred<unknown>;
          waiter.current = current.current;
          current.current = undefined;
          if (current.debugInfo !== null) current.debugInfo.failResult = null;
          waiter.pauseCount--;
          chain.push(waiter);
          finished = false; // come back to `current` once the waiter is done
          break;
        }
        current.runningCallbacks = true;
        try {
          current.current =
            args.length === 0 ? step(current.current) : step(current.current, ...args);
          if (current.current === current) {
            // Decision (BEHAVIOURS.md 19): fail instead of waiting forever on itself.
            current.current = new Failure(
              new TypeError('a callback returned the Deferred it was attached to'),
            );
          }
        } catch (error) {
          current.current = Failure.from(error);
        } finally {
          current.runningCallbacks = false;
        }
        if (current.current instanceof Deferred && current.waitOn(current.current)) break;
      }
      if (finished) {
        current.noteFinalResult();
        chain.pop();
      }
    }
  }

  /** Keeps the unhandled-error bookkeeping in step with the result the chain stopped at. */
  private noteFinalResult(): void {
    const result = this.current;
    if (result instanceof Failure) {
      // cleanFailure (Twisted calls it here) runs once the job is over, if nobody handled it by then.
      this.debugInfo ??= new DebugInfo();
      this.debugInfo.failResult = result;
      watchForUnhandled(this, this.debugInfo);
    } else if (this.debugInfo !== null) {
      this.debugInfo.failResult = null;
    }
  }
}

function cancelledToTimedOut(result: unknown, ms: number): unknown {
  if (result instanceof Failure) {
    result.trap(CancelledError);
    throw new TimeoutError(`Deferred timed out after ${ms} ms`);
  }
  return result;
}

/**
 * A Deferred that has already fired with `result`.
 *
 * @example
 * succeed(42).addCallback((n) => n + 1); // the callback runs before addCallback returns
 */
export function succeed<T = undefined>(result?: T): Deferred<T> {
  const d = new Deferred<T>();
  d.callback(result as T);
  return d;
}

/**
 * A Deferred that has already failed with `error` (wrapped in a Failure unless it is one).
 *
 * @example
 * fail(new Error('boom')).addErrback((f) => f.getErrorMessage()); // fires with 'boom'
 */
export function fail<T = never>(error?: unknown): Deferred<T> {
  const d = new Deferred<T>();
  d.errback(error);
  return d;
}
