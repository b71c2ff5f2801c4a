// asyncio's Future model — the semantics of Future (BEHAVIOURS.md points 1–7).
// Mirrors Lib/test/test_asyncio/test_futures.py; every test drives a TestLoop by hand, as
// CPython's tests drive test_utils.TestLoop. Read unhandled.test.ts next.
import { describe, expect, it } from 'vitest';
import { CancelledError, Future, InvalidStateError, TestLoop } from '../src/index.js';

function setup(): { loop: TestLoop; f: Future<number> } {
  const loop = new TestLoop();
  return { loop, f: loop.createFuture<number>() };
}

describe('a new Future', () => {
  it('is neither done nor cancelled, and result()/exception() throw InvalidStateError', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_initial_state
    const { loop, f } = setup();
    expect(f.done()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(() => f.result()).toThrow(InvalidStateError);
    expect(() => f.exception()).toThrow(InvalidStateError);
    expect(f.getLoop()).toBe(loop);
    expect(String(f)).toBe('<Future pending>');
  });

  it('uses the current event loop when none is given', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_constructor_use_global_loop
    const f = new Future<number>();
    expect(f.getLoop()).toBeDefined();
    expect(f.getLoop()).toBe(new Future<number>().getLoop());
  });
});

describe('setResult()', () => {
  it('makes result() return the value and exception() null; cancel() then returns false', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_result
    const { f } = setup();
    f.setResult(42);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(false);
    expect(f.result()).toBe(42);
    expect(f.exception()).toBeNull();
    expect(f.cancel()).toBe(false);
    expect(f.cancelled()).toBe(false);
    expect(String(f)).toBe('<Future finished result=42>');
  });

  it('throws InvalidStateError on a second setResult or setException', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_result
    const { f } = setup();
    f.setResult(1);
    expect(() => f.setResult(2)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('late'))).toThrow(InvalidStateError);
    expect(f.result()).toBe(1);
  });
});

describe('setException()', () => {
  it('makes result() re-throw the exception and exception() return it', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_exception
    const { f } = setup();
    const exc = new RangeError('boom');
    f.setException(exc);
    expect(f.done()).toBe(true);
    expect(f.cancelled()).toBe(false);
    expect(() => f.result()).toThrow(exc);
    expect(f.exception()).toBe(exc);
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('again'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(String(f)).toBe("<Future finished exception=RangeError('boom')>");
  });

  it('instantiates an Error class', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_exception_class
    const { f } = setup();
    f.setException(TypeError);
    expect(f.exception()).toBeInstanceOf(TypeError);
  });

  it('accepts a CancelledError as an ordinary exception: the Future is finished, not cancelled', () => {
    // upstream: Lib/asyncio/futures.py Future.set_exception (checks only StopIteration, not
    // CancelledError; the C version in Modules/_asynciomodule.c future_set_exception likewise)
    const { f } = setup();
    const exc = new CancelledError('set, not cancelled');
    f.setException(exc);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(f.exception()).toBe(exc);
  });

  it('refuses an empty exception (undefined or null) with a TypeError', () => {
    // upstream: Modules/_asynciomodule.c future_set_exception ("invalid exception object")
    const { f } = setup();
    expect(() => f.setException(undefined)).toThrow(TypeError);
    expect(() => f.setException(null)).toThrow(TypeError);
    expect(f.done()).toBe(false);
  });
});

describe('cancel()', () => {
  it('cancels a pending Future: it returns true, the Future is done and cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_cancel
    const { f } = setup();
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(String(f)).toBe('<Future cancelled>');
  });

  it('makes result() and exception() throw a CancelledError carrying the message', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_future_cancel_message_getter
    const { f } = setup();
    f.cancel('my message');
    for (const read of [() => f.result(), () => f.exception()]) {
      let caught: unknown;
      try {
        read();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(CancelledError);
      expect((caught as CancelledError).message).toBe('my message');
      expect((caught as CancelledError).cancelMessage).toBe('my message');
      expect((caught as CancelledError).code).toBe('ECANCELLED');
    }
  });

  it('makes setResult/setException throw InvalidStateError and a second cancel() return false', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_cancel
    const { f } = setup();
    f.cancel();
    expect(() => f.setResult(1)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error('x'))).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(f.cancelled()).toBe(true);
  });
});

describe('addDoneCallback()', () => {
  it('schedules the callbacks with callSoon when the result is set, in registration order, each with the Future', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result
    const { loop, f } = setup();
    const calls: [string, Future<number>][] = [];
    f.addDoneCallback((fut) => calls.push(['a', fut]));
    f.addDoneCallback((fut) => calls.push(['b', fut]));
    f.addDoneCallback((fut) => calls.push(['c', fut]));
    f.setResult(10);
    expect(calls).toEqual([]); // never synchronously
    loop.runOnce();
    expect(calls.map(([name]) => name)).toEqual(['a', 'b', 'c']);
    expect(calls.every(([, fut]) => fut === f)).toBe(true);
  });

  it('schedules the callbacks with callSoon when an exception is set', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_exception
    const { loop, f } = setup();
    const seen: unknown[] = [];
    f.addDoneCallback((fut) => seen.push(fut.exception()));
    f.addDoneCallback(() => seen.push('second'));
    const exc = new Error('bad');
    f.setException(exc);
    expect(seen).toEqual([]);
    loop.runOnce();
    expect(seen).toEqual([exc, 'second']);
  });

  it('schedules the callbacks with callSoon when the Future is cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureTests.test_cancel (callbacks run via the loop)
    const { loop, f } = setup();
    const seen: boolean[] = [];
    f.addDoneCallback((fut) => seen.push(fut.cancelled()));
    f.cancel();
    expect(seen).toEqual([]);
    loop.runOnce();
    expect(seen).toEqual([true]);
  });

  it('schedules a callback added to a done Future with callSoon, never inline', () => {
    // upstream: Lib/asyncio/futures.py Future.add_done_callback ("if the future is already done
    // when this is called, the callback is scheduled with call_soon")
    const { loop, f } = setup();
    f.setResult(5);
    const seen: number[] = [];
    loop.callSoon(() => seen.push(1));
    f.addDoneCallback((fut) => seen.push(fut.result() * 10));
    expect(seen).toEqual([]);
    loop.runOnce();
    expect(seen).toEqual([1, 50]); // queued behind what was already scheduled: FIFO
  });

  it('runs each callback in its own loop callback: one that throws does not stop the others', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests (callbacks are separate call_soon handles)
    const { loop, f } = setup();
    const contexts: string[] = [];
    loop.setExceptionHandler((_l, ctx) => contexts.push(ctx.message));
    const seen: string[] = [];
    f.addDoneCallback(function exploding() {
      throw new Error('cb failed');
    });
    f.addDoneCallback(() => seen.push('after'));
    f.setResult(1);
    loop.runOnce();
    expect(seen).toEqual(['after']);
    expect(contexts).toEqual(['Exception in callback exploding(<Future finished result=1>)']);
  });
});

describe('removeDoneCallback()', () => {
  it('removes every registration of the callback and returns how many', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests.test_remove_done_callback
    const { loop, f } = setup();
    const seen: string[] = [];
    const a = (): void => {
      seen.push('a');
    };
    const b = (): void => {
      seen.push('b');
    };
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    expect(f.removeDoneCallback(a)).toBe(3);
    expect(f.removeDoneCallback(a)).toBe(0);
    f.setResult(1);
    loop.runUntilIdle();
    expect(seen).toEqual(['b', 'b']);
  });

  it('returns 0 when the callback is not registered', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests.test_remove_done_callback ("Never had any cb3 in there": 0)
    const { f } = setup();
    f.addDoneCallback(() => {});
    expect(f.removeDoneCallback(() => {})).toBe(0);
  });

  it('cannot unschedule callbacks once the Future completed: they still run', () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests.test_callbacks_remove_first_callback
    // (removal works on the pending list; completion hands the list to the loop)
    const { loop, f } = setup();
    const seen: string[] = [];
    const a = (): void => {
      seen.push('a');
    };
    f.addDoneCallback(a);
    f.setResult(1);
    expect(f.removeDoneCallback(a)).toBe(0);
    loop.runOnce();
    expect(seen).toEqual(['a']);
  });
});

describe('subclassing (the contract Task relies on)', () => {
  it('lets a subclass override the public setters and complete itself through the base methods', () => {
    // upstream: Lib/asyncio/tasks.py Task.set_result raises; Task.__step calls super().set_result
    class Strict<T> extends Future<T> {
      override setResult(_v: T): void {
        throw new Error('Strict does not support setResult');
      }
      finish(v: T): void {
        Future.prototype.setResult.call(this, v);
      }
    }
    const loop = new TestLoop();
    const s = new Strict<number>({ loop });
    expect(() => s.setResult(1)).toThrow('Strict does not support setResult');
    const seen: number[] = [];
    s.addDoneCallback((f) => seen.push(f.result()));
    s.finish(7);
    loop.runOnce();
    expect(seen).toEqual([7]);
    expect(String(s)).toBe('<Strict finished result=7>');
  });
});
