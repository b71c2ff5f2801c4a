// asyncio's Future model — awaiting Futures and adopting Promises (BEHAVIOURS.md point 9).
// Mirrors Future.__await__ (Lib/asyncio/futures.py) and the ensure_future tests of
// Lib/test/test_asyncio/test_tasks.py. Read loop.test.ts next.
import { describe, expect, it } from 'vitest';
import { CancelledError, ensureFuture, Future, TestLoop, wrapPromise } from '../src/index.js';
import { newLoop } from './loops.js';

describe('await future (then)', () => {
  it('resolves with the result, in a loop iteration after the Future completes', async () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (await resumes with self.result())
    const loop = newLoop();
    const f = loop.createFuture<string>();
    loop.callLater(5, () => f.setResult('value'));
    expect(await f).toBe('value');
  });

  it('rejects with the exception, and counts as retrieving it', async () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (self.result() raises; __log_traceback is cleared)
    const loop = newLoop();
    const f = loop.createFuture<string>();
    const exc = new Error('nope');
    loop.callSoon(() => f.setException(exc));
    await expect(
      (async () => {
        await f;
      })(),
    ).rejects.toBe(exc);
    // retrieved: the "exception was never retrieved" report is cancelled (asyncio's __log_traceback)
    expect((f as unknown as { _logTraceback: boolean })._logTraceback).toBe(false);
  });

  it('rejects with a CancelledError carrying the message when the Future is cancelled', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_future_cancel_message_getter
    const loop = newLoop();
    const f = loop.createFuture<string>();
    loop.callSoon(() => f.cancel('gone'));
    const err = await f.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).message).toBe('gone');
  });

  it('settles only through the loop: nothing happens before the loop runs', async () => {
    // upstream: Lib/asyncio/futures.py Future.__await__ (the Task resumes from a done-callback, i.e. via call_soon)
    const loop = new TestLoop();
    const f = loop.createFuture<number>();
    f.setResult(1);
    let settled = false;
    void f.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    loop.runOnce();
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});

describe('wrapPromise()', () => {
  it('adopts a fulfilled Promise as a Future of the loop', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_wrap_future
    const loop = newLoop();
    const f = wrapPromise(Promise.resolve(3), { loop });
    expect(f).toBeInstanceOf(Future);
    expect(f.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(f)).toBe(3);
  });

  it('adopts a rejection as the Future exception (an empty reason becomes an Error)', async () => {
    // upstream: Lib/asyncio/futures.py _copy_future_state (the source's exception is set on the Future)
    const loop = newLoop();
    const exc = new TypeError('rejected');
    const f = wrapPromise(Promise.reject(exc), { loop });
    await expect(loop.runUntilComplete(f)).rejects.toBe(exc);
    const empty = wrapPromise(Promise.reject(undefined), { loop });
    await expect(loop.runUntilComplete(empty)).rejects.toThrow('Promise rejected with undefined');
  });
});

describe('ensureFuture()', () => {
  it('passes a Future through unchanged', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_ensure_future_future
    const loop = new TestLoop();
    const f = loop.createFuture<number>();
    expect(ensureFuture(f)).toBe(f);
    expect(ensureFuture(f, { loop })).toBe(f);
  });

  it('refuses a Future of another loop, and anything that is not awaitable', () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_ensure_future_future and test_ensure_future_neither
    const f = new TestLoop().createFuture<number>();
    expect(() => ensureFuture(f, { loop: new TestLoop() })).toThrow(/different loop/);
    expect(() => ensureFuture('zero' as unknown as Promise<string>)).toThrow(TypeError);
  });

  it('wraps a thenable', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_ensure_future_awaitable
    const loop = newLoop();
    const thenable: PromiseLike<string> = {
      then(onfulfilled) {
        return Promise.resolve('thenable').then(onfulfilled);
      },
    };
    expect(await loop.runUntilComplete(ensureFuture(thenable, { loop }))).toBe('thenable');
  });
});
