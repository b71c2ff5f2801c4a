/**
 * asyncio-callback model: a Future that owns an I/O resource (a socket, an HTTP
 * exchange) and releases it the moment it is cancelled.
 * Contract: `cancel()` on a pending resource Future cancels it as any Future, then calls
 * its `release` synchronously (at most once); done-callbacks still run through the loop.
 * Lineage: asyncio's Task.cancel(), which acts at once on the future it waits for
 * (Lib/asyncio/tasks.py); here the thing waited for is the socket. Read net/connect.ts next.
 *
 * Why not `class … extends Future`: loop.ts imports the networking modules, and future.ts
 * imports loop.ts, so a subclass defined here could be evaluated before Future exists.
 */
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';

/** A Future with a `release` hook that its `cancel()` calls at once. */
export type ResourceFuture<T> = Future<T> & {
  /** Set once the resource exists; called at most once, when the Future is cancelled. */
  release: (() => void) | null;
};

/** A new Future of `loop` whose `cancel()` also calls `release` (when set), synchronously. */
export function resourceFuture<T>(loop: EventLoop): ResourceFuture<T> {
  const future = loop.createFuture<T>() as ResourceFuture<T>;
  future.release = null;
  const cancel = future.cancel;
  future.cancel = (msg?: string): boolean => {
    if (!cancel.call(future, msg)) return false;
    const release = future.release;
    future.release = null;
    release?.();
    return true;
  };
  return future;
}
