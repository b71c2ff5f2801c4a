/**
 * Twisted model — maybeDeferred: call a function that may or may not be asynchronous and
 * always get a Deferred back, a synchronous throw turned into a failed Deferred.
 * Contract: BEHAVIOURS.md 29 (Twisted adopts a coroutine; here a native Promise).
 * Lineage: twisted/internet/defer.py (maybeDeferred).
 * Read next: deferred-list.ts.
 */
import { Deferred, fail, type ResultOf, succeed } from './deferred.js';
import { Failure } from './failure.js';

/**
 * Calls `f(...args)`: a Deferred result is returned as it is (the same object); a Failure or a
 * throw gives a failed Deferred; a native Promise is adopted; any other value a fired Deferred.
 *
 * @example
 * maybeDeferred(JSON.parse, 'not json').addErrback((f) => f.check(SyntaxError)); // fires with SyntaxError
 */
export function maybeDeferred<A extends unknown[], R>(
  f: (...args: A) => R,
  ...args: A
): Deferred<R extends Promise<infer U> ? U : ResultOf<R>> {
  type Out = R extends Promise<infer U> ? U : ResultOf<R>;
  let result: unknown;
  try {
    result = f(...args);
  } catch (error) {
    return fail(error);
  }
  if (result instanceof Deferred) return result as Deferred<Out>;
  if (result instanceof Failure) return fail(result);
  if (result instanceof Promise) return adoptPromise(result as Promise<Out>);
  return succeed(result as Out);
}

/** A Deferred that fires when `promise` settles (no canceller: cancelling just stops listening). */
export function adoptPromise<T>(promise: PromiseLike<T>): Deferred<T> {
  const d = new Deferred<T>();
  promise.then(
    (value) => d.callback(value),
    (error: unknown) => d.errback(error),
  );
  return d;
}
