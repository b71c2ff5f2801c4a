/**
 * Generator trampoline model: the loop a lock or queue makes its Futures on.
 * Contract: given at construction, or else the loop of the first Task that waits on it;
 * using it from another loop afterwards is a RuntimeError.
 * Lineage: asyncio's mixins._LoopBoundMixin. Read locks.ts next.
 */
import type { EventLoop } from '@async-rosetta/future';
import { RuntimeError } from './errors.js';
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
}

/** Removes the first occurrence of `x` from `list`. */
export function removeFrom<T>(list: T[], x: T): void {
  const i = list.indexOf(x);
  if (i >= 0) list.splice(i, 1);
}
