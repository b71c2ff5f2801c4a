// Deferreds — the semantic tests of DeferredLock and DeferredSemaphore. Contract: BEHAVIOURS.md 43.
// Lineage: twisted/test/test_defer.py (OtherPrimitivesTests). Read next: queue.test.ts.
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Deferred,
  DeferredLock,
  DeferredSemaphore,
  type Failure,
  InvalidStateError,
} from '../src/index.js';

describe('DeferredLock', () => {
  it('fires acquire() synchronously, with the lock, when it is free', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testLock
    const lock = new DeferredLock();
    let got: unknown;
    lock.acquire().addCallback((l) => {
      got = l;
    });
    expect(got).toBe(lock);
    expect(lock.locked).toBe(true);
  });

  it('serves waiters first-in first-out on release()', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testLock
    const lock = new DeferredLock();
    const order: string[] = [];
    lock.acquire();
    lock.acquire().addCallback(() => order.push('second'));
    lock.acquire().addCallback(() => order.push('third'));
    expect(order).toEqual([]);
    lock.release();
    expect(order).toEqual(['second']);
    lock.release();
    expect(order).toEqual(['second', 'third']);
    lock.release();
    expect(lock.locked).toBe(false);
  });

  it('removes a cancelled pending acquire from the waiters', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.test_cancelLockBeforeAcquired
    const lock = new DeferredLock();
    lock.acquire();
    const pending = lock.acquire();
    let error: unknown;
    pending.addErrback((f: Failure) => {
      error = f.value;
    });
    pending.cancel();
    expect(error).toBeInstanceOf(CancelledError);
    lock.release();
    expect(lock.locked).toBe(false);
  });

  it('run() acquires, calls the function and releases when its Deferred settles', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testLock (run)
    const lock = new DeferredLock();
    const inner = new Deferred<string>();
    const seenArgs: unknown[] = [];
    const result = lock.run((a: number) => {
      seenArgs.push(a, lock.locked);
      return inner;
    }, 1);
    expect(seenArgs).toEqual([1, true]);
    expect(lock.locked).toBe(true);
    inner.callback('done');
    expect(lock.locked).toBe(false);
    let value: unknown;
    result.addCallback((v) => {
      value = v;
    });
    expect(value).toBe('done');
  });

  it('run() releases the lock when the function throws, and fails with the error', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testLock (run with failure)
    const lock = new DeferredLock();
    const boom = new Error('boom');
    let error: unknown;
    lock
      .run(() => {
        throw boom;
      })
      .addErrback((f: Failure) => {
        error = f.value;
      });
    expect(error).toBe(boom);
    expect(lock.locked).toBe(false);
  });

  it('throws on release() of an unlocked lock', () => {
    // upstream: twisted/internet/defer.py DeferredLock.release (an assert; no upstream test)
    expect(() => new DeferredLock().release()).toThrow(InvalidStateError);
  });
});

describe('DeferredSemaphore', () => {
  it('lets `tokens` acquirers in at once and queues the rest FIFO', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testSemaphore
    const sem = new DeferredSemaphore(2);
    const order: number[] = [];
    for (let i = 0; i < 4; i++) sem.acquire().addCallback(() => order.push(i));
    expect(order).toEqual([0, 1]);
    expect(sem.tokens).toBe(0);
    sem.release();
    expect(order).toEqual([0, 1, 2]);
    sem.release();
    expect(order).toEqual([0, 1, 2, 3]);
    sem.release();
    sem.release();
    expect(sem.tokens).toBe(2);
  });

  it('removes a cancelled pending acquire from the waiters', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.test_cancelSemaphoreBeforeAcquired
    const sem = new DeferredSemaphore(1);
    sem.acquire();
    const pending = sem.acquire();
    pending.addErrback(() => undefined);
    pending.cancel();
    sem.release();
    expect(sem.tokens).toBe(1);
  });

  it('run() limits how many functions run at once', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testSemaphore (run)
    const sem = new DeferredSemaphore(2);
    const inners = [0, 1, 2].map(() => new Deferred<void>());
    let running = 0;
    let peak = 0;
    for (const inner of inners) {
      sem.run(() => {
        running++;
        peak = Math.max(peak, running);
        return inner.addCallback(() => {
          running--;
        });
      });
    }
    expect(running).toBe(2);
    for (const inner of inners) inner.callback();
    expect(peak).toBe(2);
    expect(running).toBe(0);
    expect(sem.tokens).toBe(2);
  });

  it('refuses fewer than 1 token', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.test_semaphoreInvalidTokens
    expect(() => new DeferredSemaphore(0)).toThrow(RangeError);
    expect(() => new DeferredSemaphore(-1)).toThrow(RangeError);
  });

  it('throws on release() with every token free', () => {
    // upstream: twisted/internet/defer.py DeferredSemaphore.release (an assert; no upstream test)
    expect(() => new DeferredSemaphore(1).release()).toThrow(InvalidStateError);
  });
});
