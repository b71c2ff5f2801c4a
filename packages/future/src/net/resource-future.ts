/**
 * asyncio-callback model: a Future that owns an I/O resource (a socket, an HTTP
 * exchange) and releases it the moment it is cancelled.
 * Contract: `cancel()` on a pending ResourceFuture cancels it as any Future, then calls
 * `release()` synchronously; done-callbacks still run through the loop.
 * Lineage: asyncio's Task.cancel(), which acts at once on the future it waits for
 * (Lib/asyncio/tasks.py); here the thing waited for is the socket. Read net/connect.ts next.
 */
import { Future } from '../future.js';
import type { EventLoop } from '../loop.js';

/** A Future whose cancel also releases what it stands for, without waiting for the loop. */
export class ResourceFuture<T> extends Future<T> {
  /** Set once the resource exists; called at most once, on cancel. */
  release: (() => void) | null = null;

  constructor(loop: EventLoop) {
    super({ loop });
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.release?.();
    this.release = null;
    return true;
  }
}
