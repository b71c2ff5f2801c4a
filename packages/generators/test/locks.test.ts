// Lock and Semaphore (BEHAVIOURS.md point 30).
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
