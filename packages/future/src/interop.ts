/**
 * asyncio's Future model — adopting Promises (and any thenable) as Futures.
 *
 * Contract: `wrapPromise(p)` returns a Future of the loop that completes like `p` (result or
 * exception); `ensureFuture(x)` returns `x` itself when it is already a Future, else wraps it.
 * A Promise cannot be cancelled, so cancelling the wrapping Future only stops it from listening.
 *
 * Lineage: asyncio `futures.wrap_future` (adopting a `concurrent.futures.Future`) and
 * `tasks.ensure_future`; the other direction, awaiting a Future, is `Future.then` (future.ts).
 *
 * Read next: ./test-loop.ts.
 */
import { Future } from './future.js';
import type { EventLoop } from './loop.js';
import { getEventLoop } from './loop.js';

/** Options of `wrapPromise`/`ensureFuture`: the loop of the new Future (default: the current). */
export interface AdoptOptions {
  loop?: EventLoop;
}

/**
 * A Future on `opts.loop` that completes with `p`'s value or fails with its rejection reason
 * (a rejection with `undefined`/`null` becomes an Error, since a Future's exception cannot be
 * empty). Settling happens when `p` settles; the Future's callbacks then run through the loop.
 *
 * @example
 * ```ts
 * const f = wrapPromise(fetch('http://127.0.0.1:8080/'));
 * f.addDoneCallback((done) => console.log(done.result().status));
 * ```
 */
export function wrapPromise<T>(p: PromiseLike<T>, opts?: AdoptOptions): Future<T> {
  const loop = opts?.loop ?? getEventLoop();
  const future = new Future<T>({ loop });
  p.then(
    (value) => {
      if (!future.done() && !loop.isClosed()) future.setResult(value);
    },
    (reason: unknown) => {
      if (future.done() || loop.isClosed()) return;
      future.setException(reason ?? new Error(`Promise rejected with ${reason}`));
    },
  );
  return future;
}

/**
 * `x` itself if it is a Future (which must then belong to `opts.loop`, when given); a thenable
 * is wrapped with `wrapPromise`; anything else is a TypeError.
 */
export function ensureFuture<T>(x: Future<T> | PromiseLike<T>, opts?: AdoptOptions): Future<T> {
  if (x instanceof Future) {
    if (opts?.loop !== undefined && x.getLoop() !== opts.loop) {
      throw new Error(
        'The future belongs to a different loop than the one specified as the loop argument',
      );
    }
    return x;
  }
  if (x !== null && typeof (x as { then?: unknown })?.then === 'function') {
    return wrapPromise(x, opts);
  }
  throw new TypeError('A Future or an awaitable (thenable) is required');
}
