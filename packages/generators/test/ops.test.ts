// Typed suspension in the Effection style (BEHAVIOURS.md point 29; Effection's lib/types.ts).
// Read stack.test.ts next.
import type { Future } from '@async-rosetta/future';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { gather } from '../src/gather.js';
import { type Operation, wait } from '../src/ops.js';
import { sleep } from '../src/sleep.js';
import { coroutine, type Task } from '../src/task.js';
import { run, testLoop } from './helpers.js';

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
