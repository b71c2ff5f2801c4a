// sleep, gather, waitAll (asyncio.wait), asCompleted, waitFor, shield
// (BEHAVIOURS.md point 30). Mirrors Lib/test/test_asyncio/test_tasks.py and test_waitfor.py.
// Read locks.test.ts next.
import { CancelledError, type Future, TimeoutError, type TimerHandle } from '@async-rosetta/future';
import { describe, expect, it, vi } from 'vitest';
import { gather } from '../src/gather.js';
import { type Operation, wait } from '../src/ops.js';
import { shield } from '../src/shield.js';
import { sleep } from '../src/sleep.js';
import {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  waitAll,
} from '../src/wait-all.js';
import { waitFor } from '../src/wait-for.js';
import { run, runWithin, task, testLoop, thrown } from './helpers.js';

function* fail(ms: number, message: string): Operation<never> {
  yield* sleep(ms);
  throw new Error(message);
}

describe('sleep()', () => {
  it('suspends for ms on the loop clock and evaluates to value', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_sleep
    const loop = testLoop();
    const result = await run(
      loop,
      (function* () {
        const v = yield* sleep(100, 'later');
        return [v, loop.time()];
      })(),
    );
    expect(result).toEqual(['later', 100]);
  });

  it('is cancelled with its Task, and its timer is cleared', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_sleep_cancel
    const loop = testLoop();
    const callLater = vi.spyOn(loop, 'callLater');
    const t = task(loop, sleep(10_000));
    loop.runUntilIdle();
    const timer = callLater.mock.results[0]?.value as TimerHandle;
    expect(timer.cancelled()).toBe(false);
    t.cancel();
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(timer.cancelled()).toBe(true);
  });
});

describe('gather()', () => {
  it('completes with the results in input order, not completion order', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py FutureGatherTests.test_result_exception_success
    const loop = testLoop();
    const result = await run(
      loop,
      (function* () {
        return yield* wait(gather(sleep(30, 'a'), sleep(10, 'b'), sleep(20, 'c')));
      })(),
    );
    expect(result).toEqual(['a', 'b', 'c']);
  });

  it('completes at once with [] for no awaitables', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py FutureGatherTests.test_constructor_empty_sequence
    testLoop();
    const g = gather();
    expect(g.done()).toBe(true);
    expect(g.result()).toEqual([]);
  });

  it('fails at once with the first exception, without waiting for the others', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py FutureGatherTests.test_one_exception
    const loop = testLoop();
    const slow = loop.createFuture<string>();
    const failing = loop.createFuture<string>();
    const g = gather(slow, failing);
    failing.setException(new Error('first'));
    loop.runUntilIdle();
    expect(g.done()).toBe(true);
    expect((g.exception() as Error).message).toBe('first');
    expect(slow.done()).toBe(false); // not cancelled: asyncio leaves the others running
    slow.setResult('late');
    loop.runUntilIdle();
  });

  it('with returnExceptions puts exceptions in the result list', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py FutureGatherTests.test_return_exceptions
    const loop = testLoop();
    const result = await run(
      loop,
      (function* () {
        return yield* wait(gather(sleep(10, 'ok'), fail(5, 'bad'), { returnExceptions: true }));
      })(),
    );
    expect(result[0]).toBe('ok');
    expect((result[1] as Error).message).toBe('bad');
  });

  it('cancelling the whole cancels every child; the Task awaiting it is cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py CoroutineGatherTests.test_cancellation_broadcast
    const loop = testLoop();
    const a = task(loop, sleep(100));
    const b = task(loop, sleep(200));
    const g = gather(a, b);
    const waiter = task(loop, wait(g));
    loop.runUntilIdle();
    expect(g.cancel('enough')).toBe(true);
    loop.runUntilIdle();
    expect(a.cancelled()).toBe(true);
    expect(b.cancelled()).toBe(true);
    expect(waiter.cancelled()).toBe(true);
    // As asyncio's _GatheringFuture: done with a CancelledError as its exception, not cancelled().
    expect(g.cancelled()).toBe(false);
    expect(g.exception()).toBeInstanceOf(CancelledError);
    expect((g.exception() as CancelledError).message).toBe('enough');
    expect(g.cancel()).toBe(false);
  });

  it('cancelling the whole wins over returnExceptions', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_gather_2 (bpo-32684)
    const loop = testLoop();
    const a = task(loop, sleep(100));
    const g = gather(a, { returnExceptions: true });
    loop.runUntilIdle();
    g.cancel();
    loop.runUntilIdle();
    expect(a.cancelled()).toBe(true);
    expect(thrown(g)).toBeInstanceOf(CancelledError);
  });

  it('a cancelled child fails the whole with CancelledError (the whole is not cancelled itself)', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py FutureGatherTests.test_one_cancellation
    const loop = testLoop();
    const a = loop.createFuture<number>();
    const b = loop.createFuture<number>();
    const g = gather(a, b);
    a.cancel();
    loop.runUntilIdle();
    expect(g.done()).toBe(true);
    expect(g.cancelled()).toBe(false);
    expect(g.exception()).toBeInstanceOf(CancelledError);
    b.setResult(1);
    loop.runUntilIdle();
  });
});

describe('waitAll() (asyncio.wait)', () => {
  it('FIRST_COMPLETED returns [done, pending] as soon as one is done', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_wait_first_completed
    const loop = testLoop();
    const a = task(loop, sleep(10, 'a'));
    const b = task(loop, sleep(100, 'b'));
    const [done, pending] = await runWithin(loop, () =>
      waitAll([a, b], { returnWhen: FIRST_COMPLETED }),
    );
    expect([...done]).toEqual([a]);
    expect([...pending]).toEqual([b]);
    expect(b.cancelled()).toBe(false); // never cancels
    b.cancel();
    loop.runUntilIdle();
  });

  it('FIRST_EXCEPTION returns at the first failure', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_wait_first_exception
    const loop = testLoop();
    const a = task(loop, sleep(100, 'a'));
    const b = task(loop, fail(10, 'b'));
    const [done, pending] = await runWithin(loop, () =>
      waitAll([a, b], { returnWhen: FIRST_EXCEPTION }),
    );
    expect([...done]).toEqual([b]);
    expect([...pending]).toEqual([a]);
    b.exception();
    a.cancel();
    loop.runUntilIdle();
  });

  it('ALL_COMPLETED waits for every one', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_wait
    const loop = testLoop();
    const a = task(loop, sleep(10, 'a'));
    const b = task(loop, fail(20, 'b'));
    const [done, pending] = await runWithin(loop, () =>
      waitAll([a, b], { returnWhen: ALL_COMPLETED }),
    );
    expect(done.size).toBe(2);
    expect(pending.size).toBe(0);
    expect(loop.time()).toBe(20);
    b.exception();
  });

  it('on timeout neither throws nor cancels: the unfinished are in pending', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_wait_with_timeout
    const loop = testLoop();
    const a = task(loop, sleep(10, 'a'));
    const b = task(loop, sleep(1000, 'b'));
    const [done, pending] = await runWithin(loop, () => waitAll([a, b], { timeoutMs: 50 }));
    expect(loop.time()).toBe(50);
    expect([...done]).toEqual([a]);
    expect([...pending]).toEqual([b]);
    expect(b.done()).toBe(false);
    b.cancel();
    loop.runUntilIdle();
  });

  it('fails (through its Task) for an empty set', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_wait_errors
    const loop = testLoop();
    await expect(runWithin(loop, () => waitAll([]))).rejects.toThrow(RangeError);
  });
});

describe('asCompleted()', () => {
  it('settles its Futures in completion order', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_as_completed
    const loop = testLoop();
    const result = await run(
      loop,
      (function* () {
        const fs = [
          task(loop, sleep(30, 'c')),
          task(loop, sleep(10, 'a')),
          task(loop, sleep(20, 'b')),
        ];
        const order: string[] = [];
        for (const next of asCompleted(fs)) order.push(yield* wait(next));
        return order;
      })(),
    );
    expect(result).toEqual(['a', 'b', 'c']);
  });

  it('fails the unsettled ones with TimeoutError after timeoutMs', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_as_completed_with_timeout
    const loop = testLoop();
    const slow = task(loop, sleep(1000, 'slow'));
    const result = await run(
      loop,
      (function* () {
        const [first, second] = asCompleted([task(loop, sleep(10, 'fast')), slow], {
          timeoutMs: 50,
        });
        const a = yield* wait(first!);
        try {
          yield* wait(second!);
          return [a, 'no timeout'];
        } catch (e) {
          return [a, e instanceof TimeoutError ? 'timeout' : String(e)];
        }
      })(),
    );
    expect(result).toEqual(['fast', 'timeout']);
    expect(slow.done()).toBe(false); // not cancelled
    slow.cancel();
    loop.runUntilIdle();
  });
});

describe('waitFor()', () => {
  it('completes with the result before the deadline', async () => {
    // upstream: Lib/test/test_asyncio/test_waitfor.py AsyncioWaitForTest.test_wait_for_blocking
    const loop = testLoop();
    expect(await runWithin(loop, () => waitFor(sleep(10, 'ok'), 100))).toBe('ok');
    expect(loop.time()).toBe(10);
  });

  it('on timeout cancels the inner, waits until it is done, then fails with TimeoutError (ETIMEDOUT)', async () => {
    // upstream: Lib/test/test_asyncio/test_waitfor.py AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation
    const loop = testLoop();
    const trace: string[] = [];
    const inner = task(
      loop,
      (function* () {
        try {
          yield* sleep(10_000);
        } catch (e) {
          trace.push('inner cancelled');
          yield* sleep(5); // slow clean-up: waitFor must wait for it
          trace.push('inner cleaned up');
          throw e;
        }
      })(),
    );
    const outcome = await run(
      loop,
      (function* () {
        try {
          yield* wait(waitFor(inner, 100));
          return null;
        } catch (e) {
          trace.push('timeout seen');
          return e;
        }
      })(),
    );
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect((outcome as TimeoutError).code).toBe('ETIMEDOUT');
    expect(trace).toEqual(['inner cancelled', 'inner cleaned up', 'timeout seen']);
    expect(inner.cancelled()).toBe(true);
    expect(loop.time()).toBe(105);
  });

  it('with a deadline <= 0 cancels a pending inner at once and fails with TimeoutError', async () => {
    // upstream: Lib/test/test_asyncio/test_waitfor.py AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
    const loop = testLoop();
    const inner = task(loop, sleep(10));
    await expect(runWithin(loop, () => waitFor(inner, 0))).rejects.toBeInstanceOf(TimeoutError);
    expect(inner.cancelled()).toBe(true);
  });

  it('on timeout, gives the value of an inner that swallows the cancellation and returns', async () => {
    // upstream: Lib/test/test_asyncio/test_waitfor.py AsyncioWaitForTest.test_wait_for_cancellation_race_condition
    const loop = testLoop();
    const inner = task(
      loop,
      (function* () {
        try {
          yield* sleep(1000);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
        return 1;
      })(),
    );
    expect(await runWithin(loop, () => waitFor(inner, 10))).toBe(1);
    expect(loop.time()).toBe(10);
  });

  it('when cancelled itself, cancels the inner too', () => {
    // upstream: Lib/test/test_asyncio/test_waitfor.py AsyncioWaitForTest.test_cancel_wait_for
    const loop = testLoop();
    const inner = task(loop, sleep(10_000));
    const w = waitFor(inner, 5000);
    loop.runUntilIdle();
    w.cancel();
    loop.runUntilIdle();
    expect(inner.cancelled()).toBe(true);
    expect(w.cancelled()).toBe(true);
  });
});

describe('shield()', () => {
  it('follows the inner outcome', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_shield_result
    const loop = testLoop();
    expect(await runWithin(loop, () => shield(task(loop, sleep(10, 'r'))))).toBe('r');
  });

  it('cancelling the outer leaves the inner running', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_shield_cancel_outer
    const loop = testLoop();
    const inner = task(loop, sleep(100, 'kept'));
    const waiter = task(loop, wait(shield(inner)));
    loop.runUntilIdle();
    waiter.cancel();
    loop.runUntilIdle();
    expect(waiter.cancelled()).toBe(true);
    expect(inner.done()).toBe(false);
    loop.advanceTime(100);
    expect(inner.result()).toBe('kept');
  });

  it('cancelling the inner cancels the outer', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_shield_cancel_inner
    const loop = testLoop();
    const inner: Future<string> = loop.createFuture();
    const outer = shield(inner);
    inner.cancel();
    loop.runUntilIdle();
    expect(outer.cancelled()).toBe(true);
  });
});
