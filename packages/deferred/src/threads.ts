/**
 * Twisted model — running blocking code in a thread: `deferToThread` and `deferToThreadPool`.
 *
 * Contract: `deferToThreadPool(reactor, pool, f, ...args)` runs `f(...args)` in one of the
 * pool's threads and returns a Deferred that fires with its return value, or fails with its
 * error, always from the reactor's next turn (`reactor.callFromThread`), never synchronously.
 * A function given among `args` reaches the thread as a stand-in: each call of it in the
 * thread becomes `reactor.callFromThread(fn, ...callArgs)` here, in order, before the
 * Deferred fires (see threadpool.ts for why that is the one door back). `deferToThread` does
 * the same on the reactor's own pool (`reactor.getThreadPool()`).
 *
 * Lineage: twisted/internet/threads.py (deferToThreadPool, deferToThread).
 * Read next: threadpool.ts; the demos that use it are tasks/demos.ts (executor, threadsafe).
 */
import { Deferred } from './deferred.js';
import { reactor } from './reactor.js';
import type { ThreadPool } from './threadpool.js';

/** What deferToThreadPool needs of a reactor (Twisted's IReactorFromThreads). */
export interface IReactorFromThreads {
  callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void;
}

/** What deferToThread needs of the reactor (Twisted's IReactorThreads). */
export interface IReactorThreads extends IReactorFromThreads {
  getThreadPool(): ThreadPool;
}

/**
 * `f(...args)` in a thread of `threadpool`; the Deferred fires in `reactor`'s thread.
 *
 * @example
 * deferToThreadPool(reactor, pool, (n: number) => n * 2, 21).addCallback(console.log); // 42
 */
export function deferToThreadPool<A extends unknown[], T>(
  reactor: IReactorFromThreads,
  threadpool: ThreadPool,
  f: (...args: A) => T,
  ...args: A
): Deferred<T> {
  const d = new Deferred<T>();
  const onResult = (success: boolean, result: unknown): void => {
    if (success) reactor.callFromThread((r: T) => d.callback(r), result as T);
    else reactor.callFromThread((e: unknown) => d.errback(e), result);
  };
  const viaReactor = args.map((arg) =>
    typeof arg === 'function'
      ? (...a: unknown[]) => reactor.callFromThread(arg as (...x: unknown[]) => unknown, ...a)
      : arg,
  ) as A;
  try {
    threadpool.callInThreadWithCallback(onResult, f, ...viaReactor);
  } catch (err) {
    d.errback(err); // a stopped pool: the failure travels down the chain, never thrown
  }
  return d;
}

/** `f(...args)` in a thread of the reactor's pool, the result as a Deferred. */
export function deferToThread<A extends unknown[], T>(
  f: (...args: A) => T,
  ...args: A
): Deferred<T> {
  return deferToThreadPool(reactor, reactor.getThreadPool(), f, ...args);
}
