// The combinators against CPython 3.11's asyncio, program by program: each test runs a small
// program whose asyncio outcome is recorded in its expectation (as CPython 3.11 ends it), and
// names the CPython source or test it follows. The last one pins a departure the README lists.
import {
  CancelledError,
  EventLoop,
  type ExceptionContext,
  type Future,
  InvalidStateError,
  TimeoutError,
} from '@async-rosetta/future';
import { afterEach, describe, expect, it } from 'vitest';
import { gather } from '../src/gather.js';
import { type Operation, wait } from '../src/ops.js';
import { shield } from '../src/shield.js';
import { sleep } from '../src/sleep.js';
import { createTask, currentTask } from '../src/task.js';
import { asCompleted } from '../src/wait-all.js';
import { waitFor } from '../src/wait-for.js';
import { body, run, task, testLoop, thrown } from './helpers.js';

/** Collects what reaches the loop's exception handler. */
function handlerLog(loop: ReturnType<typeof testLoop>): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => {
    seen.push(context);
  });
  return seen;
}

/** `for (c of asCompleted(fs)) { try { log(yield* c) } catch (CancelledError) { continue } }` */
function* logEach(fs: Future<number>[], log: unknown[], timeoutMs?: number): Operation<void> {
  for (const next of asCompleted(fs, timeoutMs === undefined ? {} : { timeoutMs })) {
    try {
      log.push(yield* next);
    } catch (e) {
      if (e instanceof CancelledError) log.push('cancelled');
      else if (e instanceof TimeoutError) log.push('timeout');
      else throw e;
    }
  }
}

describe('asCompleted() as asyncio.as_completed (a Queue of finished inputs)', () => {
  it('cancelling the Task while it waits keeps a finished input queued for the next Operation', () => {
    // upstream: Lib/asyncio/tasks.py as_completed (_wait_for_one: `await done.get()`) and
    // Lib/asyncio/queues.py Queue.get (a cancelled getter leaves the queue as it was).
    // CPython 3.11 logs ['cancelled', 1]; f0's result is not lost.
    const loop = testLoop();
    const [f0, f1] = [loop.createFuture<number>(), loop.createFuture<number>()];
    const log: unknown[] = [];
    const t = task(loop, logEach([f0, f1], log));
    loop.runOnce();
    t.cancel();
    loop.runOnce();
    f0.setResult(1);
    loop.runOnce();
    f1.setResult(2);
    loop.runUntilIdle();
    expect(t.result()).toBeUndefined();
    expect(log).toEqual(['cancelled', 1]);
  });

  it('with a timeout, the same program reports nothing to the exception handler', async () => {
    // upstream: Lib/asyncio/tasks.py as_completed (_on_timeout queues one None per waiter
    // left; nothing is ever set twice). CPython 3.11: ['cancelled', 1], handler silent.
    const loop = testLoop();
    const seen = handlerLog(loop);
    const [f0, f1] = [loop.createFuture<number>(), loop.createFuture<number>()];
    const log: unknown[] = [];
    const t = task(loop, logEach([f0, f1], log, 50));
    loop.runOnce();
    t.cancel();
    loop.runOnce();
    f0.setResult(1);
    await loop.runUntilComplete(t);
    loop.advanceTime(100);
    expect(log).toEqual(['cancelled', 1]);
    expect(seen).toEqual([]);
    f1.cancel();
  });

  it('the Operation run first gets the first input to finish, whatever its index', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_as_completed_reverse_wait
    const loop = testLoop();
    const a = task(loop, sleep(50, 'a'));
    const b = task(loop, sleep(100, 'b'));
    const result = await run(
      loop,
      (function* () {
        const [first, second] = asCompleted([a, b]);
        const x = yield* second!;
        const tx = loop.time();
        const y = yield* first!;
        return [x, tx, y, loop.time()];
      })(),
    );
    expect(result).toEqual(['a', 50, 'b', 100]);
  });

  it("re-raises a cancelled input's own CancelledError, with its message", async () => {
    // upstream: Lib/asyncio/tasks.py as_completed (_wait_for_one returns `f.result()`, which
    // raises the input's error). CPython 3.11: CancelledError('m1').
    const loop = testLoop();
    const f0 = loop.createFuture<number>();
    f0.cancel('m1');
    const error = await run(
      loop,
      (function* () {
        try {
          yield* asCompleted([f0])[0]!;
          return null;
        } catch (e) {
          return e;
        }
      })(),
    );
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).message).toBe('m1');
  });
});

describe('gather() as asyncio.gather', () => {
  it('registers on each child as it makes it: a done child is seen before a later child steps again', () => {
    // upstream: Lib/asyncio/tasks.py gather (`fut = _ensure_future(arg)` then
    // `fut.add_done_callback(_done_callback)`, argument by argument). CPython 3.11 logs
    // ['c1 starts', 'task resumes', 'c1 ends'].
    const loop = testLoop();
    const log: string[] = [];
    const f0 = loop.createFuture<void>();
    f0.setException(new Error('e1'));
    function* c1(): Operation<void> {
      log.push('c1 starts');
      yield* sleep(0);
      log.push('c1 ends');
    }
    const t = task(
      loop,
      (function* () {
        try {
          yield* wait(gather(f0, c1()));
        } catch (e) {
          log.push(`task resumes with ${(e as Error).message}`);
        }
      })(),
    );
    loop.runUntilIdle();
    expect(t.done()).toBe(true);
    expect(log).toEqual(['c1 starts', 'task resumes with e1', 'c1 ends']);
  });

  it("cancelling gather(t, t) cancels t twice: t's refusal still fails the whole with the message", () => {
    // upstream: Lib/asyncio/tasks.py _GatheringFuture.cancel (cancels each entry of
    // `children`, duplicates included) and gather's `fut._make_cancelled_error()` on the last
    // child. CPython 3.11: CancelledError('m1'), and t (which caught it) is not cancelled.
    const loop = testLoop();
    const t = task(
      loop,
      (function* () {
        try {
          yield* sleep(10_000);
        } catch (e) {
          if (e instanceof CancelledError) return 5;
          throw e;
        }
        return 0;
      })(),
    );
    loop.runOnce();
    const g = gather(t, t);
    expect(g.cancel('m1')).toBe(true);
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(false);
    expect(t.result()).toBe(5);
    expect(thrown(g)).toBeInstanceOf(CancelledError);
    expect((thrown(g) as CancelledError).message).toBe('m1');
  });

  it('cancelling gather(t) whose t refuses fails the whole with a message-less CancelledError', () => {
    // upstream: Lib/asyncio/tasks.py gather (the waiter took the message; t keeps none).
    // CPython 3.11: CancelledError().
    const loop = testLoop();
    const t = task(
      loop,
      (function* () {
        try {
          yield* sleep(10_000);
        } catch (e) {
          if (e instanceof CancelledError) return 5;
          throw e;
        }
        return 0;
      })(),
    );
    loop.runOnce();
    const g = gather(t);
    g.cancel('m1');
    loop.runUntilIdle();
    expect(t.result()).toBe(5);
    expect((thrown(g) as CancelledError).message).toBe('');
  });
});

describe('waitFor() as asyncio.wait_for', () => {
  it('with no deadline runs an Operation inline, in its own Task: it has run after one iteration', () => {
    // upstream: Lib/asyncio/tasks.py wait_for (`if timeout is None: return await fut`).
    // CPython 3.11: create_task(wait_for(c(), None)) has run c after one iteration.
    const loop = testLoop();
    const log: unknown[] = [];
    let w: Future<number> | undefined;
    task(
      loop,
      body(() => {
        w = waitFor(
          body(() => {
            log.push(currentTask());
            return 7;
          }),
          null,
        );
      }),
    );
    loop.runOnce(); // the outer Task makes the waitFor Task
    expect(w?.done()).toBe(false);
    loop.runOnce(); // the waitFor Task's first step runs the Operation, in that same step
    expect(log).toEqual([w]);
    expect(w?.result()).toBe(7);
  });
});

describe('shield() as asyncio.shield', () => {
  it('an outer completed by hand makes the inner result an InvalidStateError for the exception handler', () => {
    // upstream: Lib/asyncio/tasks.py shield (_inner_done_callback calls outer.set_result
    // unconditionally unless outer is cancelled). CPython 3.11 reports "Exception in
    // callback shield.<locals>._inner_done_callback(...)" with InvalidStateError.
    const loop = testLoop();
    const seen = handlerLog(loop);
    const f0 = loop.createFuture<number>();
    const s = shield(f0);
    s.setResult(1);
    f0.setResult(2);
    loop.runUntilIdle();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.message).toMatch(/^Exception in callback /);
    expect(seen[0]!.exception).toBeInstanceOf(InvalidStateError);
    expect(s.result()).toBe(1);
  });
});

describe('the same programs on the self-driving EventLoop', () => {
  const loops: EventLoop[] = [];
  afterEach(() => {
    for (const l of loops.splice(0)) l.close();
  });

  it('as_completed keeps a finished input for the next Operation after a cancel', async () => {
    // upstream: Lib/asyncio/tasks.py as_completed; the program of the TestLoop test above,
    // driven by the loop itself (each step waits on an event, never on a clock)
    const loop = new EventLoop();
    loops.push(loop);
    const [f0, f1] = [loop.createFuture<number>(), loop.createFuture<number>()];
    const log: unknown[] = [];
    const t = createTask(logEach([f0, f1], log), { loop });
    const step = (): Future<void> => {
      const f = loop.createFuture<void>();
      loop.callSoon(() => f.setResult());
      return f;
    };
    await loop.runUntilComplete(step());
    t.cancel();
    await loop.runUntilComplete(step());
    f0.setResult(1);
    await loop.runUntilComplete(step());
    f1.setResult(2);
    await loop.runUntilComplete(t);
    expect(log).toEqual(['cancelled', 1]);
  });

  it('gather sees a done child before a later child steps again', async () => {
    // upstream: Lib/asyncio/tasks.py gather (children registered argument by argument)
    const loop = new EventLoop();
    loops.push(loop);
    const log: string[] = [];
    const f0 = loop.createFuture<void>();
    f0.setException(new Error('e1'));
    const ended = loop.createFuture<void>();
    function* c1(): Operation<void> {
      log.push('c1 starts');
      yield* sleep(0);
      log.push('c1 ends');
      ended.setResult();
    }
    const t = createTask(
      (function* () {
        try {
          yield* wait(gather(f0, c1()));
        } catch (e) {
          log.push(`task resumes with ${(e as Error).message}`);
        }
      })(),
      { loop },
    );
    await loop.runUntilComplete(t);
    await loop.runUntilComplete(ended);
    expect(log).toEqual(['c1 starts', 'task resumes with e1', 'c1 ends']);
  });
});

describe('departures the README lists', () => {
  it('a cancelled Task hands out its CancelledError message on every read (CPython: once)', async () => {
    // upstream: Lib/asyncio/futures.py Future._make_cancelled_error (clears _cancelled_exc)
    // and Lib/asyncio/tasks.py Task.__step (`super().cancel()` without the message).
    // CPython 3.11: `await t` gives 'm1', then t.result() gives '' and
    // gather(t, return_exceptions=True) gives [CancelledError('')]. Here: 'm1' each time.
    const loop = testLoop();
    const t = task(loop, sleep(10_000));
    loop.runOnce();
    t.cancel('m1');
    const [awaited, again] = await run(
      loop,
      (function* () {
        let first: unknown;
        try {
          yield* wait(t);
        } catch (e) {
          first = e;
        }
        return [first, yield* wait(gather(t, { returnExceptions: true }))] as const;
      })(),
    );
    expect((awaited as CancelledError).message).toBe('m1');
    expect((thrown(t) as CancelledError).message).toBe('m1');
    expect((thrown(t) as CancelledError).message).toBe('m1');
    expect(((again as unknown[])[0] as CancelledError).message).toBe('m1');
  });
});
