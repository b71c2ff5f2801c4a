// Deferreds — the semantic tests of Clock and DelayedCall, the deterministic reactor time that
// addTimeout and the tests use. Contract: BEHAVIOURS.md 28 (the clock it runs on).
// Lineage: twisted/test/test_task.py (ClockTests) and twisted/test/test_internet.py (TimeTests).
// Read next: deferred-list.test.ts.
import { describe, expect, it } from 'vitest';
import { Clock, InvalidStateError } from '../src/index.js';

describe('Clock', () => {
  it('starts at 0 and moves only when advanced', () => {
    // upstream: twisted/test/test_task.py ClockTests.testSeconds, testAdvance
    const clock = new Clock();
    expect(clock.now()).toBe(0);
    clock.advance(250);
    expect(clock.now()).toBe(250);
  });

  it('runs a call with its arguments once it is due, not before', () => {
    // upstream: twisted/test/test_task.py ClockTests.testCallLater, testAdvance
    const clock = new Clock();
    const calls: unknown[] = [];
    const call = clock.callLater(100, (a: string, b: number) => calls.push([a, b]), 'x', 1);
    expect(call.getTime()).toBe(100);
    clock.advance(99);
    expect(calls).toEqual([]);
    expect(call.active()).toBe(true);
    clock.advance(1);
    expect(calls).toEqual([['x', 1]]);
    expect(call.active()).toBe(false);
  });

  it('runs due calls in order of time, ties in scheduling order', () => {
    // upstream: twisted/test/test_task.py ClockTests.test_callLaterKeepsCallsOrdered, test_callLaterResetKeepsCallsOrdered
    const clock = new Clock();
    const order: string[] = [];
    clock.callLater(20, () => order.push('b'));
    clock.callLater(10, () => order.push('a'));
    clock.callLater(20, () => order.push('c'));
    clock.advance(30);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('pump() advances once per timing', () => {
    // upstream: twisted/test/test_task.py ClockTests.test_callLaterKeepsCallsOrdered (which drives the clock with pump)
    const clock = new Clock();
    const seen: number[] = [];
    clock.callLater(10, () => seen.push(clock.now()));
    clock.callLater(25, () => seen.push(clock.now()));
    clock.pump([5, 5, 5, 10]);
    expect(seen).toEqual([10, 25]);
    expect(clock.now()).toBe(25);
  });

  it('runs a call scheduled by a call during advance when it is already due', () => {
    // upstream: twisted/test/test_task.py ClockTests.test_callLaterResetInsideCallKeepsCallsOrdered (a call that reschedules while the clock advances)
    const clock = new Clock();
    const order: string[] = [];
    clock.callLater(10, () => {
      order.push('first');
      clock.callLater(0, () => order.push('scheduled by first'));
    });
    clock.advance(10);
    expect(order).toEqual(['first', 'scheduled by first']);
  });
});

describe('DelayedCall', () => {
  it('cancel() unschedules it; cancelling again or after it ran throws', () => {
    // upstream: twisted/test/test_task.py ClockTests.testCallLaterCancelled; twisted/test/test_internet.py TimeTests.test_cancelCancelledDelayedCall, test_cancelCalledDelayedCallSynchronous
    const clock = new Clock();
    let ran = false;
    const call = clock.callLater(10, () => {
      ran = true;
    });
    call.cancel();
    expect(call.active()).toBe(false);
    expect(clock.getDelayedCalls()).toHaveLength(0);
    expect(() => call.cancel()).toThrow(InvalidStateError);
    clock.advance(20);
    expect(ran).toBe(false);
    const done = clock.callLater(1, () => undefined);
    clock.advance(1);
    expect(() => done.cancel()).toThrow(InvalidStateError);
  });

  it('reset() reschedules from now and delay() postpones', () => {
    // upstream: twisted/test/test_task.py ClockTests.testCallLaterResetLater, testCallLaterDelayed
    const clock = new Clock();
    const seen: number[] = [];
    const call = clock.callLater(10, () => seen.push(clock.now()));
    clock.advance(5);
    call.reset(10);
    expect(call.getTime()).toBe(15);
    call.delay(5);
    expect(call.getTime()).toBe(20);
    clock.advance(14);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual([20]);
  });
});
