/**
 * Generator trampoline model: the loop a lock or queue makes its Futures on.
 * Contract: given at construction, or else the loop of the first Task that waits on it;
 * using it from another loop afterwards is a RuntimeError. `waitInLine` is the one way
 * its subclasses suspend a Task: a Future queued in a FIFO line until someone sets it.
 * Lineage: asyncio's mixins._LoopBoundMixin, and the `_waiters` deques of locks.py and
 * queues.py. Read locks.ts next.
 */
import type { EventLoop, Future } from '@async-rosetta/future';
import { RuntimeError } from './errors.js';
import { type Operation, wait } from './ops.js';
import { currentLoop } from './task.js';

/** Base of Lock, Semaphore and Queue: binds to one loop, lazily. */
export class LoopBound {
  #loop: EventLoop | undefined;

  constructor(opts: { loop?: EventLoop } = {}) {
    this.#loop = opts.loop;
  }

  protected getLoop(): EventLoop {
    const loop = currentLoop();
    this.#loop ??= loop;
    if (this.#loop !== loop)
      throw new RuntimeError(`${this.constructor.name} is bound to a different event loop`);
    return loop;
  }

  /**
   * Queues a new Future in `line` and suspends the running Task until someone sets it. The
   * Future leaves the line however the wait ends. If the wait is cancelled, `onCancel` is
   * told whether a wake-up had already been given to it, so that it can be passed on.
   */
  protected *waitInLine(
    line: Future<void>[],
    onCancel?: (woken: boolean) => void,
  ): Operation<void> {
    const fut = this.getLoop().createFuture<void>();
    line.push(fut);
    try {
      yield* wait(fut);
    } catch (exc) {
      removeFrom(line, fut);
      onCancel?.(fut.done() && !fut.cancelled());
      throw exc;
    }
    removeFrom(line, fut);
  }
}

/** Removes the first occurrence of `x` from `list`. */
function removeFrom<T>(list: T[], x: T): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}
