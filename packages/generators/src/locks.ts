/**
 * Generator trampoline model: Lock and Semaphore.
 * Contract: `yield* lock.acquire()` suspends the running Task until it holds the lock
 * (FIFO among waiters); `release()` hands it on. A Task cancelled while waiting never
 * holds it, and never loses a wake-up it was given.
 * Lineage: asyncio.Lock / asyncio.Semaphore (Lib/asyncio/locks.py). Waiting methods are
 * Operations, like asyncio's coroutines, so their clean-up on cancel runs inside the
 * waiting Task. Read queue.ts next.
 */
import type { EventLoop, Future } from '@async-rosetta/future';
import { RuntimeError } from './errors.js';
import { LoopBound } from './loop-bound.js';
import type { Operation } from './ops.js';

/**
 * A mutual-exclusion lock. Acquire with `yield* lock.acquire()`, release in a `finally`.
 *
 * @example
 * yield* lock.acquire();
 * try {
 *   yield* wait(writer.drain());
 * } finally {
 *   lock.release();
 * }
 */
export class Lock extends LoopBound {
  #locked = false;
  readonly #waiters: Future<void>[] = [];

  constructor(opts: { loop?: EventLoop } = {}) {
    super(opts);
  }

  locked(): boolean {
    return this.#locked;
  }

  /** Suspends until this Task holds the lock; evaluates to true. */
  *acquire(): Operation<true> {
    if (!this.#locked && this.#waiters.every((w) => w.cancelled())) {
      this.#locked = true;
      return true;
    }
    // Cancelled, perhaps right after release() woke us: pass the wake-up on.
    yield* this.waitInLine(this.#waiters, () => {
      if (!this.#locked) this.#wakeUpFirst();
    });
    this.#locked = true;
    return true;
  }

  /** Releases the lock and wakes the first waiter. RuntimeError if it is not locked. */
  release(): void {
    if (!this.#locked) throw new RuntimeError('Lock is not acquired.');
    this.#locked = false;
    this.#wakeUpFirst();
  }

  #wakeUpFirst(): void {
    const first = this.#waiters[0];
    if (first !== undefined && !first.done()) first.setResult(undefined);
  }
}

/**
 * A counter of permits: `yield* sem.acquire()` takes one (suspending while there are
 * none), `release()` gives one back. The limit in fetchAll.
 *
 * @example
 * const limit = new Semaphore(8);
 * yield* limit.acquire();
 * try {
 *   return yield* wait(fetchPage(url));
 * } finally {
 *   limit.release();
 * }
 */
export class Semaphore extends LoopBound {
  #value: number;
  readonly #waiters: Future<void>[] = [];

  constructor(value = 1, opts: { loop?: EventLoop } = {}) {
    super(opts);
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError('Semaphore initial value must be an integer >= 0');
    }
    this.#value = value;
  }

  /** True when acquire() would suspend. */
  locked(): boolean {
    return this.#value === 0 || this.#waiters.some((w) => !w.cancelled());
  }

  /** Suspends until a permit is free, then takes it; evaluates to true. */
  *acquire(): Operation<true> {
    if (!this.locked()) {
      this.#value--;
      return true;
    }
    try {
      // Woken (given a permit) and cancelled before we ran: give the permit back.
      yield* this.waitInLine(this.#waiters, (woken) => {
        if (woken) this.#value++;
      });
    } finally {
      // Waiters queued behind us (FIFO) may be allowed in now.
      while (this.#value > 0 && this.#wakeUpNext()) {}
    }
    return true;
  }

  /** Gives a permit back and wakes the next waiter. */
  release(): void {
    this.#value++;
    this.#wakeUpNext();
  }

  /** Hands one permit to the first waiter not yet woken; false if there is none. */
  #wakeUpNext(): boolean {
    for (const fut of this.#waiters) {
      if (!fut.done()) {
        this.#value--;
        fut.setResult(undefined);
        return true;
      }
    }
    return false;
  }
}
