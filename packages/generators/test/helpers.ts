// Test helpers for packages/generators: a TestLoop per test (virtual clock, driven by
// hand), and a way to run an Operation on it to completion, as CPython's tests use
// test_utils.TestLoop (Lib/test/test_asyncio/utils.py). Read task.test.ts next.
import { TestLoop } from '@async-rosetta/future';
import { afterEach } from 'vitest';
import { type Awaitable, type Operation, wait } from '../src/ops.js';
import { createTask, type Task } from '../src/task.js';

const loops: TestLoop[] = [];

afterEach(() => {
  for (const loop of loops.splice(0)) if (!loop.isClosed()) loop.close();
});

/** A fresh virtual-clock loop, closed after the test. */
export function testLoop(): TestLoop {
  const loop = new TestLoop();
  loops.push(loop);
  return loop;
}

/** Runs `op` as a Task on `loop` and drives the loop (jumping the clock) until it is done. */
export function run<T>(loop: TestLoop, op: Operation<T>): Promise<T> {
  return loop.runUntilComplete(createTask(op, { loop }));
}

/** A Task of `op` on `loop`, not driven yet. */
export function task<T>(loop: TestLoop, op: Operation<T>): Task<T> {
  return createTask(op, { loop });
}

/** What a done Future's result() throws (fails the test if it throws nothing). */
export function thrown(f: { result(): unknown }): unknown {
  try {
    f.result();
  } catch (e) {
    return e;
  }
  throw new Error('expected result() to throw');
}

/** Calls `make` inside a Task on `loop` (so it sees that loop) and waits for what it returns. */
export function runWithin<T>(loop: TestLoop, make: () => Awaitable<T>): Promise<T> {
  return run(
    loop,
    (function* () {
      return yield* wait(make());
    })(),
  );
}

/** An Operation that completes in its first step with `fn()` (a generator with no yield, on purpose). */
// biome-ignore lint/correctness/useYield: completing without suspending is what these tests exercise
export function* body<T>(fn: () => T): Operation<T> {
  return fn();
}
