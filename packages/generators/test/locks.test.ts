// Lock and Semaphore (BEHAVIOURS.md point 30). Mirrors Lib/test/test_asyncio/test_locks.py.
// Read queue.test.ts next.
import { CancelledError } from '@async-rosetta/future';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../src/errors.js';
import { Lock, Semaphore } from '../src/locks.js';
import type { Operation } from '../src/ops.js';
import { sleep } from '../src/sleep.js';
import { task, testLoop } from './helpers.js';

describe('Lock', () => {
  it('lets one Task in at a time, the waiters in FIFO order', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py LockTests.test_acquire
    const loop = testLoop();
    const lock = new Lock();
    const trace: string[] = [];
    function* worker(name: string): Operation<void> {
      yield* lock.acquire();
      try {
        trace.push(`${name} in`);
        yield* sleep(10);
        trace.push(`${name} out`);
      } finally {
        lock.release();
      }
    }
    task(loop, worker('a'));
    task(loop, worker('b'));
    task(loop, worker('c'));
    loop.advanceTime(100);
    expect(trace).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    expect(lock.locked()).toBe(false);
  });

  it('release() of an unlocked Lock is a RuntimeError', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py LockTests.test_release_not_acquired
    expect(() => new Lock().release()).toThrow(RuntimeError);
  });

  it('a waiter cancelled while waiting never holds the lock; the next one gets it', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py LockTests.test_acquire_cancel
    const loop = testLoop();
    const lock = new Lock();
    const holder = task(loop, lock.acquire());
    loop.runUntilIdle();
    expect(holder.result()).toBe(true);
    const cancelled = task(loop, lock.acquire());
    const next = task(loop, lock.acquire());
    loop.runUntilIdle();
    cancelled.cancel();
    loop.runUntilIdle();
    lock.release();
    loop.runUntilIdle();
    expect(cancelled.cancelled()).toBe(true);
    expect(next.result()).toBe(true);
    expect(lock.locked()).toBe(true);
  });

  it('a waiter woken by release() but cancelled before it ran passes the lock on', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py LockTests.test_cancel_race
    const loop = testLoop();
    const lock = new Lock();
    task(loop, lock.acquire());
    loop.runUntilIdle();
    const woken = task(loop, lock.acquire());
    const next = task(loop, lock.acquire());
    loop.runUntilIdle();
    lock.release(); // wakes `woken`…
    woken.cancel(); // …which is cancelled before it runs
    loop.runUntilIdle();
    expect(woken.cancelled()).toBe(true);
    expect(next.done() && next.result()).toBe(true);
  });
});

describe('Semaphore', () => {
  it('lets at most `value` Tasks in at once', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_acquire
    const loop = testLoop();
    const sem = new Semaphore(2);
    let inside = 0;
    let peak = 0;
    function* worker(): Operation<void> {
      yield* sem.acquire();
      try {
        peak = Math.max(peak, ++inside);
        yield* sleep(10);
        inside--;
      } finally {
        sem.release();
      }
    }
    const ts = Array.from({ length: 5 }, () => task(loop, worker()));
    loop.advanceTime(100);
    expect(ts.every((t) => t.done())).toBe(true);
    expect(peak).toBe(2);
    expect(sem.locked()).toBe(false);
  });

  it('a waiter cancelled after being woken gives its permit back', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_acquire_cancel_before_awoken
    const loop = testLoop();
    const sem = new Semaphore(1);
    task(loop, sem.acquire());
    loop.runUntilIdle();
    const woken = task(loop, sem.acquire());
    const next = task(loop, sem.acquire());
    loop.runUntilIdle();
    sem.release();
    woken.cancel();
    loop.runUntilIdle();
    expect(woken.cancelled()).toBe(true);
    expect(next.result()).toBe(true);
    expect(sem.locked()).toBe(true);
  });

  it('a waiter cancelled while waiting throws CancelledError and takes no permit', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_acquire_cancel
    const loop = testLoop();
    const sem = new Semaphore(0);
    const waiter = task(loop, sem.acquire());
    loop.runUntilIdle();
    waiter.cancel();
    loop.runUntilIdle();
    expect(() => waiter.result()).toThrow(CancelledError);
    sem.release();
    expect(sem.locked()).toBe(false);
  });

  it('refuses a negative initial value', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_semaphore_value
    expect(() => new Semaphore(-1)).toThrow(RangeError);
  });
});

describe('Lock and Semaphore against CPython 3.11 test_locks.py', () => {
  it('a waiter cancelled just as release() runs lets exactly one other Task in', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py LockTests.test_cancel_release_race (bpo-32734)
    const loop = testLoop();
    const lock = new Lock();
    let lockCount = 0;
    function* lockit(): Operation<void> {
      yield* lock.acquire();
      lockCount++;
    }
    task(loop, lock.acquire());
    loop.runUntilIdle();
    const t1 = task(loop, lockit());
    const t2 = task(loop, lockit());
    const t3 = task(loop, lockit());
    loop.runUntilIdle();
    loop.callSoon(() => {
      t1.cancel();
      lock.release();
    });
    loop.runUntilIdle();
    expect(lockCount).toBe(1);
    expect(t1.cancelled()).toBe(true);
    expect(t2.done()).toBe(true);
    expect(t3.done()).toBe(false);
    t3.cancel();
    loop.runUntilIdle();
    expect(t3.cancelled()).toBe(true);
  });

  it('a woken first waiter that is cancelled wakes the second', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py LockTests.test_finished_waiter_cancelled
    const loop = testLoop();
    const lock = new Lock();
    task(loop, lock.acquire());
    loop.runUntilIdle();
    const tb = task(loop, lock.acquire());
    loop.runOnce();
    const tc = task(loop, lock.acquire());
    tb.cancel();
    lock.release();
    loop.runOnce();
    expect(lock.locked()).toBe(true);
    expect(tb.cancelled()).toBe(true);
    loop.runUntilIdle();
    expect(tc.result()).toBe(true);
  });

  it('a cancelled waiter does not leave the Semaphore hanging: the next waiter gets the permit', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_acquire_hang
    const loop = testLoop();
    const sem = new Semaphore(0);
    const t1 = task(loop, sem.acquire());
    const t2 = task(loop, sem.acquire());
    loop.runOnce();
    t1.cancel();
    sem.release();
    loop.runOnce();
    loop.runOnce();
    expect(sem.locked()).toBe(true);
    expect(t2.done()).toBe(true);
  });

  it('a Task that releases and acquires again queues behind the waiters already there', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_acquire_fifo_order_2
    const loop = testLoop();
    const sem = new Semaphore(1);
    const result: number[] = [];
    function* c1(): Operation<void> {
      yield* sem.acquire();
      result.push(1);
    }
    function* c2(): Operation<void> {
      yield* sem.acquire();
      result.push(2);
      sem.release();
      yield* sem.acquire();
      result.push(4);
    }
    function* c3(): Operation<void> {
      yield* sem.acquire();
      result.push(3);
    }
    const ts = [task(loop, c1()), task(loop, c2()), task(loop, c3())];
    loop.runOnce();
    sem.release();
    sem.release();
    loop.runUntilIdle();
    expect(ts.every((t) => t.done())).toBe(true);
    expect(result).toEqual([1, 2, 3, 4]);
  });

  it('a waiter cancelled before any release takes no permit; the others get them in order', () => {
    // upstream: Lib/test/test_asyncio/test_locks.py SemaphoreTests.test_acquire_fifo_order_3
    const loop = testLoop();
    const sem = new Semaphore(0);
    const result: number[] = [];
    function* c(n: number): Operation<void> {
      yield* sem.acquire();
      result.push(n);
    }
    const [t1, t2, t3] = [task(loop, c(1)), task(loop, c(2)), task(loop, c(3))];
    loop.runOnce();
    t1.cancel();
    loop.runOnce();
    sem.release();
    sem.release();
    loop.runUntilIdle();
    expect(t1.cancelled()).toBe(true);
    expect(t2.done() && t3.done()).toBe(true);
    expect(result).toEqual([2, 3]);
  });
});
