// Typed suspension in the Effection style (BEHAVIOURS.md point 29; Effection's lib/types.ts).
// Read stack.test.ts next.
import { CancelledError, type Future } from '@async-rosetta/future';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { gather } from '../src/gather.js';
import { type Operation, wait } from '../src/ops.js';
import { sleep } from '../src/sleep.js';
import { coroutine, currentTask, type Task } from '../src/task.js';
import { run, task, testLoop, thrown } from './helpers.js';

describe('wait()', () => {
  it('types `yield* wait(future)` as the Future result type and evaluates to the result', async () => {
    // upstream: Effection's Operation<T> / `yield*` (typed suspension); Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_step_result_future
    const loop = testLoop();
    const f: Future<{ status: number }> = loop.createFuture();
    loop.callLater(10, () => f.setResult({ status: 200 }));
    const result = await run(
      loop,
      (function* () {
        const page = yield* wait(f);
        expectTypeOf(page).toEqualTypeOf<{ status: number }>();
        return page.status;
      })(),
    );
    expect(result).toBe(200);
  });

  it('types a Promise, an Operation and a Task the same way', async () => {
    // upstream: Effection's Operation<T> typing
    const loop = testLoop();
    function* double(x: number): Operation<number> {
      yield;
      return 2 * x;
    }
    const result = await run(
      loop,
      (function* () {
        const a = yield* wait(Promise.resolve('s'));
        expectTypeOf(a).toEqualTypeOf<string>();
        const b = yield* wait(double(4));
        expectTypeOf(b).toEqualTypeOf<number>();
        const c = yield* double(5);
        expectTypeOf(c).toEqualTypeOf<number>();
        const both = yield* wait(gather(sleep(5, 'x'), double(1)));
        expectTypeOf(both).toEqualTypeOf<[string, number]>();
        return `${a}${b}${c}${both.join('')}`;
      })(),
    );
    expect(result).toBe('s810x2');
  });

  it('throws the awaited exception at the yield*', async () => {
    // upstream: Lib/asyncio/tasks.py Task.__wakeup (future.result() raises → coro.throw(exc))
    const loop = testLoop();
    const result = await run(
      loop,
      (function* () {
        try {
          yield* wait(Promise.reject(new Error('nope')));
          return 'no';
        } catch (e) {
          return (e as Error).message;
        }
      })(),
    );
    expect(result).toBe('nope');
  });

  it('types a coroutine-wrapped Operation<T> function as returning Task<T>, with its parameters', () => {
    // upstream: Effection's run(): Task<T>; Tornado's @gen.coroutine returns a Future
    function* double(x: number): Operation<number> {
      yield;
      return 2 * x;
    }
    const wrapped = coroutine(double);
    expectTypeOf(wrapped).parameters.toEqualTypeOf<[number]>();
    expectTypeOf(wrapped).returns.toEqualTypeOf<Task<number>>();
    expect(typeof wrapped).toBe('function');
  });
});

describe('wait() of a Future that is already done', () => {
  it('does not yield a done Future: the second `yield* wait(f)` returns at once', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_yield_from_twice
    // (Lib/asyncio/futures.py Future.__await__ yields only while the Future is not done)
    const loop = testLoop();
    const f = loop.createFuture<number>();
    const g = (function* (): Operation<string> {
      const x = yield* wait(f);
      yield;
      const y = yield* wait(f);
      return `${x},${y}`;
    })();
    expect(g.next().value).toBe(f); // the first wait: f is pending, so it is yielded
    f.setResult(42);
    expect(g.next(42)).toEqual({ done: false, value: undefined }); // the bare yield
    expect(g.next()).toEqual({ done: true, value: '42,42' }); // the second wait yielded nothing
  });

  it("throws a done Future's exception (or CancelledError) at the yield*, without yielding", () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (`return self.result()`: raises the exception)
    const loop = testLoop();
    const failed = loop.createFuture<number>();
    failed.setException(new Error('boom'));
    const cancelled = loop.createFuture<number>();
    cancelled.cancel('gone');
    const g = (function* (): Operation<string[]> {
      const seen: string[] = [];
      for (const f of [failed, cancelled]) {
        try {
          yield* wait(f);
        } catch (e) {
          seen.push(
            e instanceof CancelledError ? `cancelled:${e.cancelMessage}` : (e as Error).message,
          );
        }
      }
      return seen;
    })();
    expect(g.next()).toEqual({ done: true, value: ['boom', 'cancelled:gone'] });
  });

  it("runs as a Task's own coroutine and as a sub-coroutine (`yield wait(f)`)", () => {
    // upstream: Lib/asyncio/tasks.py Task.__step (a coroutine that returns at once completes the Task in its first step)
    const loop = testLoop();
    const done = loop.createFuture<number>();
    done.setResult(5);
    const alone = task(loop, wait(done));
    const nested = task(
      loop,
      (function* () {
        return ((yield wait(done)) as number) + 1;
      })(),
    );
    expect(loop.runOnce()).toBe(2); // one step each
    expect(alone.result()).toBe(5);
    expect(nested.result()).toBe(6);
  });

  it('closes after its first next(), as a finished generator does', () => {
    // upstream: ECMAScript generator objects (a finished generator answers { value: undefined, done: true })
    const loop = testLoop();
    const done = loop.createFuture<number>();
    done.setResult(5);
    const op = wait(done);
    expect(op[Symbol.iterator]()).toBe(op);
    expect(op.next()).toEqual({ done: true, value: 5 });
    expect(op.next()).toEqual({ done: true, value: undefined });
    expect(wait(done).return(9)).toEqual({ done: true, value: 9 });
    const boom = new Error('in');
    expect(thrown({ result: () => wait(done).throw(boom) })).toBe(boom);
  });

  it('returns the result of a done Future of another loop (nothing is yielded, so no loop check)', () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (a done Future returns self.result()
    // without yielding); Task.__step's "attached to a different loop" check only sees a yielded Future
    const loop = testLoop();
    const other = testLoop();
    const foreign = other.createFuture<number>();
    foreign.setResult(7);
    const t = task(
      loop,
      (function* () {
        return yield* wait(foreign);
      })(),
    );
    loop.runOnce();
    expect(t.result()).toBe(7);
  });

  it('leaves a pending cancel() for the next real suspension: a done Future is not one', () => {
    // upstream: Lib/asyncio/tasks.py Task.__step (`_must_cancel` is read only when the coroutine
    // yields) with Future.__await__ (a done Future does not yield);
    // Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_cancel_current_task
    const loop = testLoop();
    const done = loop.createFuture<number>();
    done.setResult(1);
    const trace: unknown[] = [];
    const t = task(
      loop,
      (function* () {
        currentTask()?.cancel();
        trace.push(yield* wait(done)); // not a suspension: the cancel() waits
        try {
          yield; // the next step throws CancelledError in here
        } catch (e) {
          trace.push(e instanceof CancelledError ? 'cancelled' : e);
        }
        return 'caught';
      })(),
    );
    loop.runUntilIdle();
    expect(trace).toEqual([1, 'cancelled']);
    expect(t.result()).toBe('caught');
  });
});
