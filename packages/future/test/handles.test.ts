// asyncio's Future model — Handle and TimerHandle (BEHAVIOURS.md point 11; 12 for when()).
// Mirrors HandleTests and TimerTests of Lib/test/test_asyncio/test_events.py.
// Read test-loop.test.ts next.
import { describe, expect, it } from 'vitest';
import type { ExceptionContext } from '../src/index.js';
import { Handle, TestLoop, TimerHandle } from '../src/index.js';

describe('Handle.cancel()', () => {
  it('skips a callback cancelled before it runs; cancel is idempotent and cancelled() is true', () => {
    // upstream: Lib/test/test_asyncio/test_events.py HandleTests.test_handle
    const loop = new TestLoop();
    const seen: string[] = [];
    const h = loop.callSoon(() => seen.push('cancelled one'));
    loop.callSoon(() => seen.push('other'));
    expect(h).toBeInstanceOf(Handle);
    expect(h.cancelled()).toBe(false);
    h.cancel();
    h.cancel();
    expect(h.cancelled()).toBe(true);
    loop.runUntilIdle();
    expect(seen).toEqual(['other']);
  });

  it('skips a callback cancelled by an earlier callback of the same iteration', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test__run_once (cancelled handles are skipped)
    const loop = new TestLoop();
    const seen: string[] = [];
    loop.callSoon(() => later.cancel());
    const later = loop.callSoon(() => seen.push('should not run'));
    loop.runOnce();
    expect(seen).toEqual([]);
  });

  it('renders as <Handle callback(args)>, and <Handle cancelled> once cancelled', () => {
    // upstream: Lib/test/test_asyncio/test_events.py HandleTests.test_handle_repr
    const loop = new TestLoop();
    function noop(_a: number, _b: string): void {}
    const h = loop.callSoon(noop, 1, 'two');
    expect(String(h)).toBe("<Handle noop(1, 'two')>");
    h.cancel();
    expect(String(h)).toBe('<Handle cancelled>');
  });
});

describe('Handle._run()', () => {
  it('passes a thrown exception to the loop handler as "Exception in callback …" with the handle', () => {
    // upstream: Lib/test/test_asyncio/test_events.py HandleTests.test_callback_with_exception
    const loop = new TestLoop();
    const contexts: ExceptionContext[] = [];
    loop.setExceptionHandler((_l, ctx) => contexts.push(ctx));
    const exc = new Error('inside');
    function failing(): void {
      throw exc;
    }
    const h = loop.callSoon(failing);
    loop.runOnce();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]?.message).toBe('Exception in callback failing()');
    expect(contexts[0]?.exception).toBe(exc);
    expect(contexts[0]?.handle).toBe(h);
  });
});

describe('TimerHandle', () => {
  it('reports its due time with when(), and cancels like a Handle', () => {
    // upstream: Lib/test/test_asyncio/test_events.py TimerTests.test_when, TimerTests.test_timer
    const loop = new TestLoop();
    loop.advanceTime(5);
    const seen: string[] = [];
    const t = loop.callLater(10, () => seen.push('t'));
    expect(t).toBeInstanceOf(TimerHandle);
    expect(t.when()).toBe(15);
    expect(String(t)).toMatch(/^<TimerHandle when=15 <anonymous>\(\)>$/);
    t.cancel();
    t.cancel();
    expect(t.cancelled()).toBe(true);
    loop.advanceTime(20);
    expect(seen).toEqual([]);
  });
});

describe('Handle.cancelled() against CPython 3.11 events.py', () => {
  it('running does not mark a handle: cancelled() stays false, and a later cancel() only marks it', () => {
    // upstream: Lib/asyncio/events.py Handle._run (leaves _cancelled alone) and Handle.cancel;
    // TimerHandle.cancel tells the loop only while the timer is still scheduled
    // (BaseEventLoop._timer_handle_cancelled checks handle._scheduled)
    const loop = new TestLoop();
    const seen: string[] = [];
    const h = loop.callSoon(() => seen.push('soon'));
    const t = loop.callLater(5, () => seen.push('later'));
    loop.advanceTime(5);
    expect(seen).toEqual(['soon', 'later']);
    expect(h.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
    h.cancel();
    t.cancel();
    expect(h.cancelled() && t.cancelled()).toBe(true);
    const next = loop.callLater(1, () => seen.push('next'));
    loop.advanceTime(1);
    expect(seen).toEqual(['soon', 'later', 'next']);
    expect(next.cancelled()).toBe(false);
    loop.close();
  });

  it('a handle still pending when the loop closes never runs and is not marked cancelled', () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop.close (clears _ready and _scheduled
    // without cancelling; CPython 3.11: h.cancelled() is False after close())
    const loop = new TestLoop();
    const seen: string[] = [];
    const h = loop.callSoon(() => seen.push('soon'));
    const t = loop.callLater(5, () => seen.push('later'));
    loop.close();
    expect(h.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
    expect(() => loop.runUntilIdle()).not.toThrow();
    expect(seen).toEqual([]);
  });
});
