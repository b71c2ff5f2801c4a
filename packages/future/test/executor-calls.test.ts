// asyncio's Future model — a thread talking back to the loop: a function argument of
// runInExecutor reaches the worker as a stand-in, and each call of it there becomes
// loop.callSoonThreadsafe(theFunction, ...args) here. Mirrors the thread of the Tulip talk's
// call_soon_threadsafe demo and Lib/asyncio/base_events.py (run_in_executor, call_soon_threadsafe).
import { describe, expect, it, vi } from 'vitest';
import { newLoop } from './loops.js';

/** Atomics.waitAsync (Node 16+; in TypeScript's lib only from ES2024). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: unknown };
  }
).waitAsync;

describe('runInExecutor() with a function argument', () => {
  it('each call in the thread runs the function on the loop through callSoonThreadsafe, in order, before the result', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_call_soon_threadsafe
    // (a thread schedules callbacks; the loop runs them in the order they were scheduled)
    const loop = newLoop();
    const threadsafe = vi.spyOn(loop, 'callSoonThreadsafe');
    const seen: unknown[] = [];
    const report = (i: number, where: string) => seen.push([i, where]);
    const f = loop.runInExecutor(
      (n: number, tell: (i: number, where: string) => void) => {
        const { isMainThread } = require('node:worker_threads');
        for (let i = 0; i < n; i++) tell(i, isMainThread ? 'main' : 'worker');
        return 'returned';
      },
      3,
      report,
    );
    f.addDoneCallback(() => seen.push('result'));
    expect(await loop.runUntilComplete(f)).toBe('returned');
    expect(seen).toEqual([[0, 'worker'], [1, 'worker'], [2, 'worker'], 'result']);
    expect(threadsafe.mock.calls.filter(([fn]) => fn === report)).toHaveLength(3);
  });

  it('drops the calls that arrive after the Future was cancelled', async () => {
    // upstream: Lib/asyncio/futures.py _chain_future (a cancelled destination ignores the source's outcome)
    const loop = newLoop({ executorWorkers: 1 });
    const gate = new Int32Array(new SharedArrayBuffer(8)); // [0]: go on; [1]: the job started
    const seen: number[] = [];
    const f = loop.runInExecutor(
      (shared: Int32Array, tell: (i: number) => void) => {
        Atomics.store(shared, 1, 1);
        Atomics.notify(shared, 1);
        Atomics.wait(shared, 0, 0, 10_000); // until the test has cancelled the Future
        tell(1);
        return 'late';
      },
      gate,
      (i: number) => seen.push(i),
    );
    const started = waitAsync(gate, 1, 0, 10_000);
    if (started.async) await started.value; // the job runs: cancelling cannot unqueue it now
    expect(Atomics.load(gate, 1)).toBe(1);
    f.cancel();
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    // The next job on the one worker runs after the first one finished and reported.
    expect(await loop.runUntilComplete(loop.runInExecutor(() => 'next'))).toBe('next');
    expect(seen).toEqual([]);
  });
});
