// asyncio's Future model — the event loop facade over Node (BEHAVIOURS.md points 10, 12, 13, 14, 15's
// callSoonThreadsafe). Mirrors Lib/test/test_asyncio/test_base_events.py and test_events.py.
// Ordering is checked on a TestLoop (deterministic iterations) and on the real EventLoop.
// Read handles.test.ts next.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExceptionContext } from '../src/index.js';
import {
  type EventLoop,
  Future,
  getEventLoop,
  Handle,
  setEventLoop,
  TestLoop,
  TimerHandle,
} from '../src/index.js';
import { newLoop } from './loops.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** One turn of Node's loop, for tests that need the real loop to get going. */
const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('callSoon()', () => {
  it('runs callbacks FIFO with their arguments and returns a Handle', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_call_soon
    const loop = newLoop();
    const seen: string[] = [];
    const push = (x: string): void => {
      seen.push(x);
    };
    const h = loop.callSoon(push, 'a');
    loop.callSoon(push, 'b');
    loop.callSoon(push, 'c');
    expect(h).toBeInstanceOf(Handle);
    expect(seen).toEqual([]); // never synchronously
    const f = loop.createFuture<void>();
    loop.callSoon(() => f.setResult());
    await loop.runUntilComplete(f);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('runs a callback scheduled by a running callback in the next iteration, not the current one', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test__run_once_schedule_handle
    const loop = new TestLoop();
    const seen: string[] = [];
    loop.callSoon(() => {
      seen.push('a');
      loop.callSoon(() => seen.push('a-child'));
    });
    loop.callSoon(() => seen.push('b'));
    expect(loop.runOnce()).toBe(2);
    expect(seen).toEqual(['a', 'b']);
    expect(loop.runOnce()).toBe(1);
    expect(seen).toEqual(['a', 'b', 'a-child']);
  });

  it('on the real loop, runs the next batch in the same Node turn, one batch per iteration', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop.run_forever (calls _run_once back to back) and
    // _run_once (ntodo = len(self._ready): one batch per iteration); Node's turn comes after the
    // turn's budget (test/loop-turn.test.ts)
    const loop = newLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      seen.push('batch 1');
      setImmediate(() => {
        seen.push('node turn');
        done.setResult();
      });
      loop.callSoon(() => seen.push('batch 2'));
      seen.push('batch 1 end');
    });
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['batch 1', 'batch 1 end', 'batch 2', 'node turn']);
  });

  it('refuses something that is not a function, or an async/generator function, with a TypeError', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_call_soon_non_callable
    // and Lib/asyncio/base_events.py BaseEventLoop._check_callback ("coroutines cannot be used with call_soon()")
    const loop = new TestLoop();
    expect(() => loop.callSoon(42 as unknown as () => void)).toThrow(TypeError);
    expect(() => loop.callSoon(async () => {})).toThrow(/coroutines cannot be used with callSoon/);
    expect(() => loop.callSoon(function* () {})).toThrow(TypeError);
    expect(() => loop.callLater(1, 'x' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('callLater() and callAt()', () => {
  it('return a TimerHandle due at loop.time() + delay on the monotonic clock, and run it no earlier', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_call_later
    const loop = newLoop();
    const before = loop.time();
    expect(Math.abs(before - performance.now())).toBeLessThan(50);
    const fired = loop.createFuture<number>();
    const t = loop.callLater(20, () => fired.setResult(loop.time()));
    expect(t).toBeInstanceOf(TimerHandle);
    expect(t.when()).toBeGreaterThanOrEqual(before + 20);
    expect(t.when()).toBeLessThanOrEqual(loop.time() + 20);
    const ranAt = await loop.runUntilComplete(fired);
    expect(ranAt).toBeGreaterThanOrEqual(t.when());
  });

  it('callAt schedules at an absolute time of the same clock', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_time_and_call_at
    const loop = newLoop();
    const when = loop.time() + 15;
    const fired = loop.createFuture<number>();
    const t = loop.callAt(when, () => fired.setResult(loop.time()));
    expect(t.when()).toBe(when);
    expect(await loop.runUntilComplete(fired)).toBeGreaterThanOrEqual(when);
  });

  it('callAt in the past runs in the next iteration, behind the callbacks already ready', () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop._run_once (due timers are appended to
    // _ready after what is there); CPython 3.11 runs ['soon', 'past', 'later -1'] in one iteration
    const loop = new TestLoop();
    loop.advanceTime(100);
    const seen: string[] = [];
    loop.callAt(loop.time() - 10, (x: string) => seen.push(x), 'past');
    loop.callSoon((x: string) => seen.push(x), 'soon');
    loop.callLater(-1, (x: string) => seen.push(x), 'later -1');
    expect(loop.runOnce()).toBe(3);
    expect(seen).toEqual(['soon', 'past', 'later -1']);
  });

  it('callAt in the past on the real loop: ready callbacks first, then the due timers by due time', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop._run_once (the self-driving loop keeps it)
    const loop = newLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    loop.callAt(loop.time() - 10, (x: string) => seen.push(x), 'past');
    loop.callSoon((x: string) => seen.push(x), 'soon');
    loop.callLater(-1, (x: string) => seen.push(x), 'later -1');
    loop.callLater(0, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['soon', 'past', 'later -1']);
  });

  it('runs timers in order of due time, whatever the order they were scheduled in', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_call_later
    const loop = newLoop();
    const seen: number[] = [];
    const done = loop.createFuture<void>();
    for (const ms of [30, 10, 20, 0]) loop.callLater(ms, () => seen.push(ms));
    loop.callLater(40, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(seen).toEqual([0, 10, 20, 30]);
  });

  it('runs negative delays at once, in order of due time', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_call_later_negative_delays
    const loop = new TestLoop();
    loop.advanceTime(100);
    const seen: string[] = [];
    loop.callLater(-1, (x: string) => seen.push(x), 'a');
    loop.callLater(-2, (x: string) => seen.push(x), 'b');
    loop.runOnce();
    expect(seen).toEqual(['b', 'a']);
  });

  it('runs negative delays at once on the real loop too', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_call_later_negative_delays
    const loop = newLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    // Far enough apart that the clock moving between the two calls cannot swap them on a busy machine.
    loop.callLater(-1, () => seen.push('a'));
    loop.callLater(-1000, () => seen.push('b'));
    loop.callSoon(() => loop.callSoon(() => done.setResult()));
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['b', 'a']);
  });

  it('arms Node with at most a day for a far timer (Node would turn a longer delay into 1 ms)', () => {
    // upstream: Lib/asyncio/base_events.py MAXIMUM_SELECT_TIMEOUT (the select timeout is capped at 24 h)
    const loop = newLoop();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const t = loop.callLater(10 * 2 ** 31, () => {});
    const delays = setTimeoutSpy.mock.calls.map(([, ms]) => ms as number);
    expect(delays).toEqual([24 * 3600 * 1000]);
    t.cancel();
  });

  it('runs timers with equal due times in the order they were scheduled', () => {
    // upstream: Lib/test/test_asyncio/test_events.py TimerTests.test_timer_comparison (asyncio leaves
    // ties to heapq; this port makes them FIFO so runs are deterministic)
    const loop = new TestLoop();
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) loop.callAt(10, () => seen.push(i));
    loop.advanceTime(10);
    expect(seen).toEqual([...Array(20).keys()]);
  });

  it('skips many cancelled timers and keeps the others in order (the purge of cancelled timers)', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test__run_once_cancelled_event_cleanup
    const loop = new TestLoop();
    const seen: number[] = [];
    const handles = Array.from({ length: 300 }, (_, i) =>
      loop.callLater(300 - i, () => seen.push(300 - i)),
    );
    for (const [i, h] of handles.entries()) if (i % 6 !== 0) h.cancel();
    loop.advanceTime(1000);
    const expected = handles.filter((_, i) => i % 6 === 0).map((h) => h.when());
    expect(seen).toEqual(expected.sort((a, b) => a - b));
    expect(seen).toHaveLength(50);
  });

  it('never runs a cancelled timer', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py TimerTests.test_timer (cancel) and test_base_events.py test__run_once
    const loop = newLoop();
    const seen: string[] = [];
    const t = loop.callLater(5, () => seen.push('cancelled'));
    const done = loop.createFuture<void>();
    loop.callLater(25, () => done.setResult());
    t.cancel();
    await loop.runUntilComplete(done);
    expect(seen).toEqual([]);
  });
});

describe('the exception handler', () => {
  it('gets an exception thrown by a callback; by default it logs "Exception in callback …" and the loop goes on', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_default_exc_handler_callback
    const loop = new TestLoop();
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
      logged.push(parts.map(String).join(' '));
    });
    const seen: string[] = [];
    function zeroError(): void {
      throw new RangeError('division by zero');
    }
    loop.callSoon(zeroError);
    loop.callSoon(() => seen.push('still running'));
    loop.runOnce();
    expect(seen).toEqual(['still running']);
    expect(logged).toHaveLength(1);
    const text = logged[0]!;
    expect(text.startsWith('Exception in callback zeroError()\n')).toBe(true);
    expect(text).toContain('handle: <Handle zeroError()>');
    expect(text).toContain('RangeError: division by zero');
  });

  it('can be replaced: the custom handler receives the loop and the context; null restores the default', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_set_exc_handler_custom
    const loop = new TestLoop();
    const calls: [EventLoop, ExceptionContext][] = [];
    const handler = (l: EventLoop, ctx: ExceptionContext): void => {
      calls.push([l, ctx]);
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    loop.callSoon(() => {
      throw new Error('custom');
    });
    loop.runOnce();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe(loop);
    expect((calls[0]![1].exception as Error).message).toBe('custom');
    expect(logged).not.toHaveBeenCalled();
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();
    loop.callSoon(() => {
      throw new Error('default again');
    });
    loop.runOnce();
    expect(calls).toHaveLength(1);
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('reports a failing custom handler through the default one ("Unhandled error in exception handler")', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_set_exc_handler_broken
    const loop = new TestLoop();
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
      logged.push(parts.map(String).join(' '));
    });
    loop.setExceptionHandler(() => {
      throw new Error('handler is broken');
    });
    loop.callSoon(() => {
      throw new Error('original');
    });
    const seen: string[] = [];
    loop.callSoon(() => seen.push('next'));
    loop.runOnce();
    expect(seen).toEqual(['next']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^Unhandled error in exception handler\n/);
    expect(logged[0]).toContain('Error: handler is broken');
    expect(logged[0]).toContain('Exception in callback');
  });

  it('refuses a handler that is not a function', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_set_exc_handler_invalid
    const loop = new TestLoop();
    expect(() =>
      loop.setExceptionHandler('nope' as unknown as (l: EventLoop, c: ExceptionContext) => void),
    ).toThrow(TypeError);
  });
});

describe('runUntilComplete()', () => {
  it('returns a Promise of the Future’s result, without blocking Node', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_run_until_complete
    const loop = newLoop();
    const f = loop.createFuture<string>();
    loop.callLater(5, () => f.setResult('done'));
    const p = loop.runUntilComplete(f);
    expect(p).toBeInstanceOf(Promise);
    expect(f.done()).toBe(false); // returned at once: nothing blocked
    await expect(p).resolves.toBe('done');
    expect(loop.isRunning()).toBe(true); // unlike asyncio, completing f does not stop the loop
  });

  it('rejects with the Future’s exception, or CancelledError if it was cancelled', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_run_until_complete_baseexception
    const loop = newLoop();
    const failed = loop.createFuture<number>();
    const exc = new Error('failed');
    loop.callSoon(() => failed.setException(exc));
    await expect(loop.runUntilComplete(failed)).rejects.toBe(exc);
    const cancelled = loop.createFuture<number>();
    loop.callSoon(() => cancelled.cancel('stop it'));
    await expect(loop.runUntilComplete(cancelled)).rejects.toMatchObject({
      name: 'CancelledError',
      message: 'stop it',
    });
  });

  it('adopts a Promise', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_run_until_complete (awaitables are wrapped with ensure_future)
    const loop = newLoop();
    await expect(loop.runUntilComplete(Promise.resolve(7))).resolves.toBe(7);
  });

  it('rejects with "Event loop stopped before Future completed." when stop() comes first', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_run_until_complete_stopped
    const loop = newLoop();
    const never = loop.createFuture<void>();
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(never)).rejects.toThrow(
      'Event loop stopped before Future completed.',
    );
    expect(never.done()).toBe(false);
  });
});

describe('stop() and runForever()', () => {
  it('finishes the current iteration, then pauses dispatch until runForever() resumes it', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_run_forever_keyboard_interrupt
    // and Lib/asyncio/base_events.py BaseEventLoop.stop ("stop running the event loop; every callback
    // already scheduled will still run")
    const loop = newLoop();
    const seen: string[] = [];
    const stopped = loop.runForever();
    loop.callSoon(() => {
      loop.stop();
      seen.push('same iteration');
      loop.callSoon(() => seen.push('next iteration'));
    });
    loop.callSoon(() => seen.push('also same iteration'));
    await stopped;
    expect(loop.isRunning()).toBe(false);
    for (let i = 0; i < 5; i++) await macrotask();
    expect(seen).toEqual(['same iteration', 'also same iteration']);
    const stoppedAgain = loop.runForever();
    expect(loop.isRunning()).toBe(true);
    loop.callSoon(() => loop.stop());
    await stoppedAgain;
    expect(seen).toEqual(['same iteration', 'also same iteration', 'next iteration']);
  });

  it('called while the loop is idle, lets one more iteration run and then stops', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop.run_forever docs: stop() before run_forever()
    // polls once, runs what is scheduled, then exits
    const loop = newLoop();
    const seen: string[] = [];
    const stopped = loop.runForever();
    loop.stop();
    loop.callSoon(() => seen.push('ready before stop took effect'));
    await stopped;
    expect(seen).toEqual(['ready before stop took effect']);
    expect(loop.isRunning()).toBe(false);
  });
});

describe('close()', () => {
  it('drops pending handles and timers (never run, not marked cancelled) and refuses new ones with "Event loop is closed"', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_close;
    // Lib/asyncio/base_events.py BaseEventLoop.close (`self._ready.clear()`, `self._scheduled.clear()`)
    const loop = newLoop();
    const seen: string[] = [];
    const soon = loop.callSoon(() => seen.push('soon'));
    const later = loop.callLater(1, () => seen.push('later'));
    expect(loop.isClosed()).toBe(false);
    expect(loop.isRunning()).toBe(true); // a new loop drives itself: it is running
    loop.close();
    loop.close(); // idempotent
    expect(loop.isClosed()).toBe(true);
    expect(loop.isRunning()).toBe(false);
    expect(soon.cancelled()).toBe(false);
    expect(later.cancelled()).toBe(false);
    expect(() => loop.callSoon(() => {})).toThrow('Event loop is closed');
    expect(() => loop.callLater(1, () => {})).toThrow('Event loop is closed');
    expect(() => loop.callAt(1, () => {})).toThrow('Event loop is closed');
    expect(() => loop.callSoonThreadsafe(() => {})).toThrow('Event loop is closed');
    expect(() => loop.runInExecutor(() => 1)).toThrow('Event loop is closed');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([]);
  });

  it('makes a pending runUntilComplete reject, and refuses to close from inside a callback', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_close
    // ("Cannot close a running event loop")
    const loop = newLoop();
    const closeFromInside = loop.createFuture<unknown>();
    loop.callSoon(() => {
      try {
        loop.close();
        closeFromInside.setResult('closed?!');
      } catch (e) {
        closeFromInside.setResult(e);
      }
    });
    const err = await loop.runUntilComplete(closeFromInside);
    expect(String(err)).toContain('Cannot close a running event loop');
    const pending = loop.runUntilComplete(loop.createFuture<void>());
    loop.close();
    await expect(pending).rejects.toThrow('Event loop stopped before Future completed.');
  });
});

describe('callSoonThreadsafe()', () => {
  it('wakes the loop from outside its batches (a microtask, a Node callback) and keeps FIFO order', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_call_soon_threadsafe
    const loop = newLoop();
    const seen: string[] = [];
    const done = loop.createFuture<void>();
    queueMicrotask(() => loop.callSoonThreadsafe((x: string) => seen.push(x), 'from a microtask'));
    setTimeout(() => {
      loop.callSoonThreadsafe((x: string) => seen.push(x), 'from a Node timer');
      loop.callSoonThreadsafe(() => done.setResult());
    }, 5);
    const h = loop.callSoonThreadsafe((x: string) => seen.push(x), 'from the test');
    expect(h).toBeInstanceOf(Handle);
    await loop.runUntilComplete(done);
    expect(seen).toEqual(['from the test', 'from a microtask', 'from a Node timer']);
  });
});

describe('getEventLoop() / setEventLoop()', () => {
  it('returns one default loop, replaceable with setEventLoop', () => {
    // upstream: Lib/test/test_asyncio/test_events.py PolicyTests.test_get_event_loop / test_set_event_loop
    const first = getEventLoop();
    expect(getEventLoop()).toBe(first);
    expect(new Future<void>().getLoop()).toBe(first);
    const mine = new TestLoop();
    setEventLoop(mine);
    try {
      expect(getEventLoop()).toBe(mine);
      expect(new Future<void>().getLoop()).toBe(mine);
    } finally {
      setEventLoop(first);
    }
    expect(getEventLoop()).toBe(first);
  });
});
