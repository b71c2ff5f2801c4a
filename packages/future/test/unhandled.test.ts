// asyncio's Future model — "Future exception was never retrieved" (BEHAVIOURS.md point 8).
// Mirrors the test_tb_logger_* tests of Lib/test/test_asyncio/test_futures.py, with a
// FinalizationRegistry in place of __del__: vitest runs these forks with --expose-gc.
// Read interop.test.ts next.
import { describe, expect, it } from 'vitest';
import type { ExceptionContext } from '../src/index.js';
import { Future, TestLoop } from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** A loop whose exception handler records what it is told. */
function recordingLoop(): { loop: TestLoop; reports: ExceptionContext[] } {
  const loop = new TestLoop();
  const reports: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, ctx) => reports.push(ctx));
  return { loop, reports };
}

/** Collect garbage and yield a macrotask, a bounded number of times, until `until()` holds. */
async function collect(until: () => boolean, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds && !until(); i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The reports that carry `exc` (several Futures may die in one collection). */
function reportsOf(reports: ExceptionContext[], exc: Error): ExceptionContext[] {
  return reports.filter((r) => r.exception === exc);
}

/**
 * Build Futures in a separate frame so nothing here keeps them alive. `control` always has an
 * unretrieved exception: once its report arrives, the Future under test was collected as well
 * (same frame, same collections), so a missing report for it is meaningful.
 */
function abandon(loop: TestLoop, prepare: (f: Future<number>) => void, control: Error): void {
  const f = loop.createFuture<number>();
  prepare(f);
  loop.createFuture<number>().setException(control);
}

describe('an unretrieved exception', () => {
  it('has gc available (vitest runs with --expose-gc)', () => {
    expect(typeof gc).toBe('function');
  });

  it('is reported as "Future exception was never retrieved" when the Future is collected', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_tb_logger_exception_unretrieved
    const { loop, reports } = recordingLoop();
    const exc = new Error('nobody looked at me');
    abandon(loop, (f) => f.setException(exc), new Error('control'));
    await collect(() => reportsOf(reports, exc).length > 0);
    const [report] = reportsOf(reports, exc);
    expect(report?.message).toBe('Future exception was never retrieved');
    expect(report?.exception).toBe(exc);
    expect(reportsOf(reports, exc)).toHaveLength(1);
  });

  it('is not reported once exception() was called', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_tb_logger_exception_retrieved
    const { loop, reports } = recordingLoop();
    const exc = new Error('retrieved');
    const control = new Error('control');
    abandon(
      loop,
      (f) => {
        f.setException(exc);
        f.exception();
      },
      control,
    );
    await collect(() => reportsOf(reports, control).length > 0);
    expect(reportsOf(reports, control)).toHaveLength(1);
    expect(reportsOf(reports, exc)).toEqual([]);
  });

  it('is not reported once result() was called (and threw it)', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_tb_logger_exception_result_retrieved
    const { loop, reports } = recordingLoop();
    const exc = new Error('retrieved through result()');
    const control = new Error('control');
    abandon(
      loop,
      (f) => {
        f.setException(exc);
        expect(() => f.result()).toThrow(exc);
      },
      control,
    );
    await collect(() => reportsOf(reports, control).length > 0);
    expect(reportsOf(reports, control)).toHaveLength(1);
    expect(reportsOf(reports, exc)).toEqual([]);
  });

  it('is never reported for a Future with a result, retrieved or not', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_tb_logger_result_unretrieved
    const { loop, reports } = recordingLoop();
    const control = new Error('control');
    abandon(loop, (f) => f.setResult(42), control);
    await collect(() => reportsOf(reports, control).length > 0);
    expect(reportsOf(reports, control)).toHaveLength(1);
    expect(reports).toHaveLength(1);
  });

  it('is not reported after cancel(), even when cancel() comes after setException', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_tb_logger_not_called_after_cancel
    const { loop, reports } = recordingLoop();
    const exc = new Error('silenced by cancel');
    const control = new Error('control');
    abandon(
      loop,
      (f) => {
        f.setException(exc);
        expect(f.cancel()).toBe(false);
      },
      control,
    );
    await collect(() => reportsOf(reports, control).length > 0);
    expect(reportsOf(reports, control)).toHaveLength(1);
    expect(reportsOf(reports, exc)).toEqual([]);
  });

  it('is reported under the subclass name (asyncio says "Task exception was never retrieved")', async () => {
    // upstream: Lib/asyncio/futures.py Future.__del__ ('%s exception was never retrieved' % self.__class__.__name__)
    class Task<T> extends Future<T> {}
    const { loop, reports } = recordingLoop();
    const exc = new Error('in a task');
    (() => {
      new Task<number>({ loop }).setException(exc);
    })();
    await collect(() => reportsOf(reports, exc).length > 0);
    expect(reportsOf(reports, exc)[0]?.message).toBe('Task exception was never retrieved');
  });
});
