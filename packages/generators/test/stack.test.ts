// The trampoline never recurses: deep sub-generator chains and long synchronous runs
// (BEHAVIOURS.md point 25; Lib/asyncio/tasks.py Task.__step, tornado/gen.py Runner).
// Read combinators.test.ts next.
import { describe, expect, it } from 'vitest';
import type { Operation } from '../src/ops.js';
import { wait } from '../src/ops.js';
import { run, task, testLoop } from './helpers.js';

describe('the trampoline stack', () => {
  it('runs a 10,000-deep chain of nested sub-generators (yield gen) without growing the JS stack', async () => {
    // upstream: Lib/asyncio/tasks.py Task.__step (one frame per step; the pre-`yield from` trampoline kept its own stack)
    const loop = testLoop();
    function* nest(depth: number): Operation<number> {
      if (depth === 0) {
        yield; // suspend at the very bottom once
        return 0;
      }
      const below = (yield nest(depth - 1)) as number;
      return below + 1;
    }
    expect(await run(loop, nest(10_000))).toBe(10_000);
  });

  it('throws an exception up a 10,000-deep chain of sub-generators to the outermost catch', async () => {
    // upstream: Lib/asyncio/tasks.py Task.__step (coro.throw)
    const loop = testLoop();
    function* nest(depth: number): Operation<number> {
      if (depth === 0) {
        yield;
        throw new Error('bottom');
      }
      return (yield nest(depth - 1)) as number;
    }
    const result = await run(
      loop,
      (function* () {
        try {
          return (yield nest(10_000)) as number;
        } catch (e) {
          return (e as Error).message;
        }
      })(),
    );
    expect(result).toBe('bottom');
  });

  it('runs 100,000 synchronously completing steps in one loop iteration without growing the JS stack', () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (a done Future does not suspend)
    const loop = testLoop();
    const done = loop.createFuture<number>();
    done.setResult(1);
    loop.runUntilIdle();
    function* one(): Operation<number> {
      return yield* wait(done);
    }
    let total = 0;
    const t = task(
      loop,
      (function* () {
        for (let i = 0; i < 100_000; i++) {
          total += yield* wait(done); // a done Future
          total += (yield one()) as number; // a sub-generator that completes at once
        }
        return total;
      })(),
    );
    expect(loop.runOnce()).toBe(1);
    expect(t.result()).toBe(200_000);
  });
});
