// Queue (BEHAVIOURS.md point 30). Mirrors Lib/test/test_asyncio/test_queues.py.
// Read streams.test.ts next.
import { describe, expect, it } from 'vitest';
import { QueueEmpty, QueueFull } from '../src/errors.js';
import type { Operation } from '../src/ops.js';
import { Queue } from '../src/queue.js';
import { sleep } from '../src/sleep.js';
import { run, task, testLoop } from './helpers.js';

describe('Queue', () => {
  it('get() suspends while empty and returns items in FIFO order', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueGetTests.test_blocking_get
    const loop = testLoop();
    const q = new Queue<number>();
    const got = task(
      loop,
      (function* () {
        return [yield* q.get(), yield* q.get()];
      })(),
    );
    loop.runUntilIdle();
    expect(got.done()).toBe(false);
    q.putNowait(1);
    q.putNowait(2);
    loop.runUntilIdle();
    expect(got.result()).toEqual([1, 2]);
  });

  it('getNowait() on an empty queue throws QueueEmpty', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueGetTests.test_nonblocking_get_exception
    expect(() => new Queue().getNowait()).toThrow(QueueEmpty);
  });

  it('put() suspends while full (maxsize) until a get() makes room', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueuePutTests.test_blocking_put_wait
    const loop = testLoop();
    const q = new Queue<string>(1);
    const putter = task(
      loop,
      (function* () {
        yield* q.put('a');
        yield* q.put('b');
        return 'both put';
      })(),
    );
    loop.runUntilIdle();
    expect(putter.done()).toBe(false);
    expect(q.full()).toBe(true);
    expect(q.getNowait()).toBe('a');
    loop.runUntilIdle();
    expect(putter.result()).toBe('both put');
    expect(q.getNowait()).toBe('b');
  });

  it('putNowait() on a full queue throws QueueFull', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueuePutTests.test_nonblocking_put_exception
    const q = new Queue<number>(1);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
  });

  it('a cancelled get() leaves the item for the next getter', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueGetTests.test_get_cancelled_race
    const loop = testLoop();
    const q = new Queue<number>();
    const first = task(loop, q.get());
    const second = task(loop, q.get());
    loop.runUntilIdle();
    q.putNowait(7); // wakes `first`…
    first.cancel(); // …which is cancelled before it runs
    loop.runUntilIdle();
    expect(first.cancelled()).toBe(true);
    expect(second.result()).toBe(7);
  });

  it('join() waits until taskDone() was called for every item put', async () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueJoinTests.test_task_done
    const loop = testLoop();
    const q = new Queue<number>();
    let processed = 0;
    function* worker(): Operation<void> {
      for (;;) {
        const n = yield* q.get();
        yield* sleep(n);
        processed++;
        q.taskDone();
      }
    }
    const workers = [task(loop, worker()), task(loop, worker())];
    await run(
      loop,
      (function* () {
        for (const n of [10, 20, 30, 40]) yield* q.put(n);
        yield* q.join();
      })(),
    );
    expect(processed).toBe(4);
    for (const w of workers) w.cancel();
    loop.runUntilIdle();
  });

  it('join() on a queue with nothing unfinished returns at once', async () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueJoinTests.test_join_empty_queue
    const loop = testLoop();
    await run(loop, new Queue<number>().join());
    expect(loop.time()).toBe(0);
  });

  it('taskDone() called more times than items put is a RangeError', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueJoinTests.test_task_done_underflow
    expect(() => new Queue().taskDone()).toThrow(RangeError);
  });
});

describe('Queue against CPython 3.11 test_queues.py', () => {
  it('a reader cancelled after put() woke it drops nothing: the next reader gets the first item', async () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueueGetTests.test_get_cancel_drop_one_pending_reader
    const loop = testLoop();
    const q = new Queue<number>();
    const reader = task(loop, q.get());
    loop.runOnce();
    q.putNowait(1);
    q.putNowait(2);
    reader.cancel();
    loop.runUntilIdle();
    expect(reader.cancelled()).toBe(true);
    expect(await run(loop, q.get())).toBe(1);
  });

  it('a writer cancelled after get() made room drops nothing: a new put() goes in', async () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueuePutTests.test_put_cancel_drop
    const loop = testLoop();
    const q = new Queue<number>(1);
    q.putNowait(1);
    const writer = task(loop, q.put(2));
    loop.runOnce();
    expect(q.getNowait()).toBe(1);
    writer.cancel();
    loop.runUntilIdle();
    expect(writer.cancelled()).toBe(true);
    await run(loop, q.put(2));
    expect(q.getNowait()).toBe(2);
    expect(q.qsize()).toBe(0);
  });

  it('a cancelled putter in line does not stop the one behind it', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueuePutTests.test_put_cancelled_race
    const loop = testLoop();
    const q = new Queue<string>(1);
    const putA = task(loop, q.put('a'));
    const putB = task(loop, q.put('b'));
    const putC = task(loop, q.put('X'));
    loop.runOnce();
    expect(putA.done()).toBe(true);
    expect(putB.done()).toBe(false);
    putC.cancel();
    loop.runOnce();
    expect(putC.done()).toBe(true);
    expect(q.getNowait()).toBe('a');
    loop.runOnce();
    expect(q.getNowait()).toBe('b');
    loop.runUntilIdle();
    expect(putB.done()).toBe(true);
  });

  it('putters woken by getNowait() all get in: none waits forever', async () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueuePutTests.test_why_are_putters_waiting
    const loop = testLoop();
    const q = new Queue<number>(2);
    function* getter(): Operation<void> {
      yield* sleep(0);
      const n = q.qsize();
      for (let i = 0; i < n; i++) q.getNowait();
    }
    const tasks = [task(loop, getter()), ...[0, 1, 2, 3].map((i) => task(loop, q.put(i)))];
    loop.runUntilIdle();
    expect(tasks.every((t) => t.done())).toBe(true);
    expect(q.qsize()).toBe(2);
  });

  it('a fractional maxsize is full once qsize() reaches it', () => {
    // upstream: Lib/test/test_asyncio/test_queues.py QueuePutTests.test_float_maxsize
    const q = new Queue<number>(1.3);
    q.putNowait(1);
    q.putNowait(2);
    expect(q.full()).toBe(true);
    expect(() => q.putNowait(3)).toThrow(QueueFull);
  });
});
