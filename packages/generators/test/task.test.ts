// The Task: a Future that steps a generator (BEHAVIOURS.md points 22–28).
// Mirrors Lib/test/test_asyncio/test_tasks.py BaseTaskTests. Read ops.test.ts next.
import { CancelledError, EventLoop, Future, InvalidStateError } from '@async-rosetta/future';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../src/errors.js';
import { type Operation, wait } from '../src/ops.js';
import { sleep } from '../src/sleep.js';
import { coroutine, createTask, currentTask, spawn, Task } from '../src/task.js';
import { body, run, task, testLoop, thrown } from './helpers.js';

describe('Task creation', () => {
  it('schedules its first step with callSoon: the body does not run synchronously', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_task_class
    const loop = testLoop();
    const trace: string[] = [];
    const t = task(
      loop,
      body(() => {
        trace.push('body');
        return 'done';
      }),
    );
    trace.push('created');
    expect(trace).toEqual(['created']);
    loop.runOnce();
    expect(trace).toEqual(['created', 'body']);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe('done');
  });

  it('is a Future: done-callbacks, result(), awaitable from async code', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_task_class
    const loop = new EventLoop();
    try {
      const t = createTask(
        body(() => {
          return 7;
        }),
        { loop },
      );
      expect(t).toBeInstanceOf(Future);
      const calledWith: Future<number>[] = [];
      t.addDoneCallback((f) => calledWith.push(f));
      expect(await t).toBe(7);
      expect(calledWith).toEqual([t]);
      expect(t.result()).toBe(7);
    } finally {
      loop.close();
    }
  });

  it('rejects setResult() and setException(): only its generator completes it', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_task_set_methods
    const loop = testLoop();
    const t = task(loop, sleep(10));
    expect(() => t.setResult(undefined)).toThrow(RuntimeError);
    expect(() => t.setException(new Error('x'))).toThrow(RuntimeError);
    t.cancel();
    loop.runUntilIdle();
  });

  it('spawn(genFn, ...args) and coroutine(genFn)(...args) return Tasks', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_ensure_future_coroutine
    const loop = new EventLoop();
    try {
      const add = coroutine(function* (a: number, b: number): Operation<number> {
        yield;
        return a + b;
      });
      const viaSpawn = spawn((x: string) => body(() => x.toUpperCase()), 'hi');
      expect(viaSpawn).toBeInstanceOf(Task);
      expect(await viaSpawn).toBe('HI');
      expect(await add(2, 3)).toBe(5);
    } finally {
      loop.close();
    }
  });

  it('currentTask() is the Task whose generator runs, null outside', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_current_task
    const loop = testLoop();
    let seen: unknown = 'unset';
    const t = task(
      loop,
      body(() => {
        seen = currentTask();
      }),
    );
    loop.runUntilIdle();
    expect(seen).toBe(t);
    expect(currentTask()).toBeNull();
  });
});

describe('yielding a Future', () => {
  it('suspends until the Future is done, then sends its result in', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_step_result_future
    const loop = testLoop();
    const f = loop.createFuture<string>();
    const got: unknown[] = [];
    const t = task(
      loop,
      (function* () {
        got.push(yield f);
        return 'end';
      })(),
    );
    loop.runUntilIdle();
    expect(got).toEqual([]);
    expect(t.done()).toBe(false);
    f.setResult('a');
    loop.runUntilIdle();
    expect(got).toEqual(['a']);
    expect(t.result()).toBe('end');
  });

  it('throws the Future exception in at the yield, where the generator may catch it', () => {
    // upstream: Lib/asyncio/tasks.py Task.__wakeup (future.result() raises → __step(exc) → coro.throw(exc))
    const loop = testLoop();
    const f = loop.createFuture<string>();
    const boom = new Error('boom');
    const t = task(
      loop,
      (function* () {
        try {
          yield* wait(f);
          return 'no';
        } catch (e) {
          return e;
        }
      })(),
    );
    loop.runUntilIdle();
    f.setException(boom);
    loop.runUntilIdle();
    expect(t.result()).toBe(boom);
  });

  it('fails the Task with an exception the generator does not catch', () => {
    // upstream: Lib/asyncio/tasks.py Task.__step (an exception out of the coroutine → set_exception)
    const loop = testLoop();
    const f = loop.createFuture<string>();
    const t = task(loop, wait(f));
    loop.runUntilIdle();
    f.setException(new Error('boom'));
    loop.runUntilIdle();
    expect((t.exception() as Error).message).toBe('boom');
  });

  it('does not suspend on a done Future: the generator continues in the same step', () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (a done Future does not yield)
    const loop = testLoop();
    const f = loop.createFuture<number>();
    f.setResult(1);
    loop.runUntilIdle();
    const t = task(
      loop,
      (function* () {
        const a = yield* wait(f);
        const b = yield* wait(f);
        return a + b;
      })(),
    );
    expect(loop.runOnce()).toBe(1); // the first step alone finishes the Task
    expect(t.result()).toBe(2);
  });

  it('adopts a native Promise (a thenable) as a Future', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_ensure_future_awaitable
    const loop = testLoop();
    const result = await run(
      loop,
      (function* () {
        const x = yield* wait(Promise.resolve(41));
        return x + 1;
      })(),
    );
    expect(result).toBe(42);
  });

  it('reports a Future of another loop as an error thrown into the generator', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_other_loop_future
    const loop = testLoop();
    const other = testLoop();
    const foreign = other.createFuture<void>();
    const t = task(loop, wait(foreign));
    loop.runUntilIdle();
    expect(t.exception()).toBeInstanceOf(RuntimeError);
  });
});

describe('bare yield', () => {
  it('gives up exactly one loop iteration', () => {
    // upstream: Lib/asyncio/tasks.py Task.__step ("Bare yield relinquishes control for one event loop iteration")
    const loop = testLoop();
    const trace: string[] = [];
    task(
      loop,
      (function* () {
        trace.push('a1');
        yield;
        trace.push('a2');
      })(),
    );
    task(
      loop,
      (function* () {
        trace.push('b1');
        yield;
        trace.push('b2');
      })(),
    );
    loop.runOnce();
    expect(trace).toEqual(['a1', 'b1']);
    loop.runOnce();
    expect(trace).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('sleep(0) gives up exactly one loop iteration too', () => {
    // upstream: Lib/asyncio/tasks.py __sleep0 (sleep(0) is a bare yield)
    const loop = testLoop();
    const trace: string[] = [];
    task(
      loop,
      (function* () {
        trace.push('a1');
        const v = yield* sleep(0, 'v');
        trace.push(`a2 ${v}`);
      })(),
    );
    loop.runOnce();
    expect(trace).toEqual(['a1']);
    loop.runOnce();
    expect(trace).toEqual(['a1', 'a2 v']);
  });
});

describe('yielding a generator', () => {
  it('runs it as a sub-coroutine on the Task own stack and sends its return value in', async () => {
    // upstream (contrast): Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_yield_vs_yield_from_generator — asyncio rejects a yielded generator; the pre-`yield from` trampolines (Tornado, co) ran it
    const loop = testLoop();
    function* inner(): Operation<number> {
      yield* sleep(5);
      return 20;
    }
    const result = await run(
      loop,
      (function* () {
        const x = (yield inner()) as number; // the pre-`yield from` trampoline form
        const y = yield* inner(); // native delegation
        return x + y;
      })(),
    );
    expect(result).toBe(40);
  });

  it('throws a sub-coroutine exception into the generator that yielded it', async () => {
    // upstream: tj/co index.js onRejected (a failed yieldable is thrown into the generator)
    const loop = testLoop();
    function* failing(): Operation<never> {
      yield;
      throw new Error('inner');
    }
    const result = await run(
      loop,
      (function* () {
        try {
          yield failing();
          return 'no';
        } catch (e) {
          return (e as Error).message;
        }
      })(),
    );
    expect(result).toBe('inner');
  });
});

describe('bad yields', () => {
  it('throws TypeError("Task got bad yield") into the generator at its next step', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_step_result
    const loop = testLoop();
    let caught: unknown = null;
    const t = task(
      loop,
      (function* () {
        try {
          yield 42 as unknown as undefined;
        } catch (e) {
          caught = e;
        }
        return 'recovered';
      })(),
    );
    loop.runOnce();
    expect(caught).toBeNull(); // not in the same step
    loop.runOnce();
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toBe('Task got bad yield: 42');
    expect(t.result()).toBe('recovered');
  });

  it('fails a Task that awaits itself', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_task_awaits_on_itself
    const loop = testLoop();
    const self: Task<void>[] = [];
    const t = task(
      loop,
      (function* () {
        yield self[0];
      })(),
    );
    self.push(t);
    loop.runUntilIdle();
    expect(t.exception()).toBeInstanceOf(RuntimeError);
    expect((t.exception() as Error).message).toMatch(/cannot await on itself/);
  });
});

describe('cancel()', () => {
  it('cancels the Future the Task waits on and throws CancelledError in at the yield', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_inner_future
    const loop = testLoop();
    const f = loop.createFuture<void>();
    const t = task(loop, wait(f));
    loop.runUntilIdle();
    expect(t.cancel('stop')).toBe(true);
    expect(f.cancelled()).toBe(true);
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    const e = thrown(t);
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as CancelledError).code).toBe('ECANCELLED');
    expect((e as CancelledError).message).toBe('stop');
  });

  it('lets the generator catch CancelledError and return a value: the Task is not cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_task_catching
    const loop = testLoop();
    const f = loop.createFuture<void>();
    const t = task(
      loop,
      (function* () {
        try {
          yield* wait(f);
        } catch (e) {
          if (e instanceof CancelledError) return 42;
          throw e;
        }
        return 0;
      })(),
    );
    loop.runUntilIdle();
    t.cancel();
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(false);
    expect(t.result()).toBe(42);
  });

  it('lets the generator ignore CancelledError and keep going', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_task_ignoring
    const loop = testLoop();
    const f1 = loop.createFuture<number>();
    const f2 = loop.createFuture<number>();
    const f3 = loop.createFuture<number>();
    const t = task(
      loop,
      (function* () {
        const r1 = yield* wait(f1);
        let r2 = 0;
        try {
          r2 = yield* wait(f2);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
        return r1 + r2 + (yield* wait(f3));
      })(),
    );
    loop.runUntilIdle();
    f1.setResult(1);
    loop.runUntilIdle();
    t.cancel();
    expect(f2.cancelled()).toBe(true);
    loop.runUntilIdle();
    expect(t.done()).toBe(false);
    f3.setResult(3);
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(false);
    expect(t.result()).toBe(4);
  });

  it('passes through a Task awaiting another Task: the inner one is cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_yield_future_passes_cancel
    const loop = testLoop();
    const f = loop.createFuture<void>();
    const inner = task(loop, wait(f));
    const outer = task(loop, wait(inner));
    loop.runUntilIdle();
    outer.cancel();
    loop.runUntilIdle();
    expect(f.cancelled()).toBe(true);
    expect(inner.cancelled()).toBe(true);
    expect(outer.cancelled()).toBe(true);
  });

  it('keeps cancelled() false right after cancel(), until the generator exits with CancelledError', () => {
    // upstream: Lib/asyncio/tasks.py Task.cancel docstring ("Immediately after this method is called, Task.cancelled() will not return True")
    const loop = testLoop();
    const t = task(loop, sleep(1000));
    loop.runUntilIdle();
    expect(t.cancel()).toBe(true);
    expect(t.cancelled()).toBe(false);
    expect(t.done()).toBe(false);
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false); // done: a second cancel is refused
  });

  it('before the first step means the body never runs', () => {
    // upstream: Lib/asyncio/tasks.py Task.__step (_must_cancel: CancelledError thrown in at the first step)
    const loop = testLoop();
    let ran = false;
    const t = task(
      loop,
      body(() => {
        ran = true;
      }),
    );
    t.cancel();
    loop.runUntilIdle();
    expect(ran).toBe(false);
    expect(t.cancelled()).toBe(true);
  });

  it('runs the finally blocks of the generator and its sub-generators', () => {
    // upstream: Lib/asyncio/tasks.py Task.cancel docstring (the coroutine may clean up with try/finally)
    const loop = testLoop();
    const trace: string[] = [];
    function* inner(): Operation<void> {
      try {
        yield* sleep(1000);
      } finally {
        trace.push('inner finally');
      }
    }
    const t = task(
      loop,
      (function* () {
        try {
          yield inner();
        } finally {
          trace.push('outer finally');
        }
      })(),
    );
    loop.runUntilIdle();
    t.cancel();
    loop.runUntilIdle();
    expect(trace).toEqual(['inner finally', 'outer finally']);
    expect(t.cancelled()).toBe(true);
  });

  it('during a bare yield throws CancelledError at the next step', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_yield
    const loop = testLoop();
    const trace: string[] = [];
    const t = task(
      loop,
      (function* () {
        trace.push('1');
        yield;
        trace.push('2');
      })(),
    );
    loop.runOnce();
    t.cancel();
    loop.runUntilIdle();
    expect(trace).toEqual(['1']);
    expect(t.cancelled()).toBe(true);
  });

  it('when the generator returns right after cancel(), the Task still ends cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_at_end
    const loop = testLoop();
    const self: Task<number>[] = [];
    const t = task(
      loop,
      body(() => {
        self[0]!.cancel(); // the Task cancels itself, then returns without suspending again
        return 12;
      }),
    );
    self.push(t);
    loop.runUntilIdle();
    expect(t.cancelled()).toBe(true);
  });

  it('when the awaited Future completed but the Task has not resumed, throws CancelledError anyway', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_both_task_and_inner_future
    const loop = testLoop();
    const f = loop.createFuture<number>();
    let caught: unknown = null;
    const t = task(
      loop,
      (function* () {
        try {
          return yield* wait(f);
        } catch (e) {
          caught = e;
          throw e;
        }
      })(),
    );
    loop.runUntilIdle();
    f.setResult(5); // the wake-up is scheduled, not run
    expect(t.cancel()).toBe(true);
    loop.runUntilIdle();
    expect(caught).toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true);
  });

  it('on a done Task returns false and changes nothing', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_yield (assertFalse(t.cancel()) once done)
    const loop = testLoop();
    const t = task(
      loop,
      body(() => {
        return 1;
      }),
    );
    loop.runUntilIdle();
    expect(t.cancel()).toBe(false);
    expect(t.result()).toBe(1);
    expect(() => Future.prototype.setResult.call(t, 2)).toThrow(InvalidStateError);
  });
});
