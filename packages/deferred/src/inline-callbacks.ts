/**
 * Twisted model — inlineCallbacks: Deferred-using code written as a generator; `yield d`
 * suspends until d fires and resumes with its value, or throws its error at the yield.
 * Contract: BEHAVIOURS.md 36–39; ensureDeferred, 40.
 * Lineage: twisted/internet/defer.py (inlineCallbacks, _inlineCallbacks, _cancellableInlineCallbacks,
 * _handleCancelInlineCallbacks, _CancellationStatus, ensureDeferred).
 * Read next: deferred-list.ts.
 */
import { Deferred } from './deferred.js';
import { Failure } from './failure.js';
import { adoptPromise } from './maybe-deferred.js';

/**
 * The generator an inlineCallbacks function is written as. The value of each `yield` is the
 * yielded Deferred's result, which TypeScript cannot type per yield: annotate it where it is
 * received (`const page: Page = yield getPage(url)`).
 */
// biome-ignore lint/suspicious/noExplicitAny: the value sent back into each yield is the yielded Deferred's result, untypeable per yield
export type InlineGenerator<R> = Generator<unknown, R, any>;

/** What a running generator is doing (Twisted's _CancellationStatus). */
class Status<R> {
  /** The Deferred the generator fires when it ends; replaced each time it is cancelled. */
  deferred: Deferred<R> = cancellableResult(this);
  /** The Deferred the generator is suspended on, if any. */
  waitingOn: Deferred<unknown> | null = null;
}

/** The errback's cue that cancel() was called (Twisted's _InternalInlineCallbacksCancelledError). */
class InlineCallbacksCancelled extends Error {}

/**
 * Turns a generator function into a function returning a Deferred of the generator's return
 * value. `yield d` resumes with d's value or throws d's error there (and leaves d's result
 * undefined); yielding anything else resumes at once with it; an uncaught throw fails the
 * Deferred. Cancelling that Deferred cancels the Deferred being waited on, whose error
 * (CancelledError) is thrown into the generator, which may catch it and go on.
 *
 * @example
 * const fetchTitle = inlineCallbacks(function* (url: string) {
 *   const body: string = yield getPage(url);
 *   return body.match(/<title>(.*)<\/title>/)?.[1];
 * });
 * fetchTitle('http://127.0.0.1:8080/').addCallback(console.log);
 */
export function inlineCallbacks<This, A extends unknown[], R>(
  f: (this: This, ...args: A) => InlineGenerator<R>,
): (this: This, ...args: A) => Deferred<R> {
  return function (this: This, ...args: A): Deferred<R> {
    const gen = f.apply(this, args);
    if (!isGenerator(gen))
      throw new TypeError(`inlineCallbacks requires ${f.name || 'f'} to produce a generator`);
    return runGenerator(gen);
  };
}

/**
 * A Deferred for a Promise, a thenable or a generator (run as inlineCallbacks); a Deferred is
 * returned as it is.
 *
 * @example
 * ensureDeferred(fetch(url)).addCallback((response) => response.status);
 */
export function ensureDeferred<T>(
  x: Deferred<T> | PromiseLike<T> | InlineGenerator<T>,
): Deferred<T> {
  if (x instanceof Deferred) return x;
  if (isGenerator(x)) return runGenerator(x as InlineGenerator<T>);
  if (isThenable(x)) return adoptPromise(x as PromiseLike<T>);
  throw new TypeError(`${String(x)} is not a Promise, a generator or a Deferred`);
}

/** Starts `gen` and returns the cancellable Deferred of its result. */
function runGenerator<R>(gen: InlineGenerator<R>): Deferred<R> {
  const status = new Status<R>();
  const returned = status.deferred;
  resume(undefined, gen, status);
  return returned;
}

/**
 * The Deferred the generator will fire, made cancellable Twisted's way
 * (_cancellableInlineCallbacks, _handleCancelInlineCallbacks): its canceller errbacks it with an
 * internal error, which its first errback traps by returning a fresh Deferred for the generator
 * to fire instead — so the chain now waits on that one, as on any Deferred a callback returns —
 * and then cancels the Deferred the generator waits on, whose CancelledError is thrown into the
 * generator. However the generator handles it (re-throws, recovers, goes on) is the outcome.
 */
function cancellableResult<R>(status: Status<R>): Deferred<R> {
  const d = new Deferred<R>((it) => it.errback(new InlineCallbacksCancelled()));
  return d.addErrback((f: Failure) => {
    f.trap(InlineCallbacksCancelled);
    status.deferred = cancellableResult(status);
    status.waitingOn?.cancel();
    return status.deferred;
  });
}

/**
 * Runs `gen` from `sent` until it yields a Deferred that has not fired, returns or throws.
 * Invariant: an already-fired yielded Deferred is answered inside this loop, never by a nested
 * call, so the stack does not grow with the number of synchronous yields.
 */
function resume<R>(sent: unknown, gen: InlineGenerator<R>, status: Status<R>): void {
  let result = sent;
  for (;;) {
    let step: IteratorResult<unknown, R>;
    try {
      step = result instanceof Failure ? gen.throw(result.value) : gen.next(result);
    } catch (error) {
      status.deferred.errback(error);
      return;
    }
    if (step.done) {
      status.deferred.callback(step.value);
      return;
    }
    result = step.value;
    if (!(result instanceof Deferred)) continue;
    let answer: { value: unknown } | null = null;
    let suspended = false;
    result.addBoth((value: unknown) => {
      if (suspended) resume(value, gen, status);
      else answer = { value };
      return undefined; // `yield d` consumes d's result
    });
    if (answer === null) {
      suspended = true;
      status.waitingOn = result;
      return;
    }
    result = (answer as { value: unknown }).value;
  }
}

function isGenerator(x: unknown): boolean {
  const g = x as { next?: unknown; throw?: unknown; [Symbol.iterator]?: unknown } | null;
  return (
    typeof g === 'object' &&
    g !== null &&
    typeof g.next === 'function' &&
    typeof g.throw === 'function' &&
    typeof g[Symbol.iterator] === 'function'
  );
}

function isThenable(x: unknown): boolean {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as { then?: unknown }).then === 'function'
  );
}
