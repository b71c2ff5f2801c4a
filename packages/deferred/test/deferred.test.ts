// Deferreds — the semantic tests of Deferred itself: the chain, chaining on returned Deferreds,
// pause/unpause, cancellation, addTimeout, succeed/fail. Contract: BEHAVIOURS.md 1–28.
// Lineage: twisted/test/test_defer.py (each case names the upstream test). Read next: failure.test.ts.
import { describe, expect, it } from 'vitest';
import {
  AlreadyCalledError,
  CancelledError,
  Clock,
  Deferred,
  Failure,
  fail,
  InvalidStateError,
  setUnhandledErrorReporter,
  succeed,
  TimeoutError,
} from '../src/index.js';

/** The result a Deferred currently holds, read through a callback pair that passes it on. */
function peek<T>(d: Deferred<T>): { value: unknown; failed: boolean } | undefined {
  let seen: { value: unknown; failed: boolean } | undefined;
  d.addCallbacks(
    (value) => {
      seen = { value, failed: false };
      return value;
    },
    (failure) => {
      seen = { value: failure, failed: true };
      return failure;
    },
  );
  return seen;
}

/** The Failure a Deferred currently holds (the test fails if it holds none). */
function failureOf<T>(d: Deferred<T>): Failure {
  const seen = peek(d);
  expect(seen?.failed).toBe(true);
  return seen?.value as Failure;
}

/** Handles a Failure so that it is not reported as unhandled. */
function swallow(d: Deferred<unknown>): void {
  d.addErrback(() => undefined);
}

describe('addCallback() and callback()', () => {
  it('runs the callback once with the value, and each return value feeds the next callback', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackWithoutArgs, testTwoCallbacks
    const calls: unknown[] = [];
    const d = new Deferred<string>();
    d.addCallback((v) => {
      calls.push(v);
      return `${v}!`;
    }).addCallback((v) => {
      calls.push(v);
    });
    d.callback('hello');
    expect(calls).toEqual(['hello', 'hello!']);
  });

  it('passes extra arguments of addCallback/addErrback/addBoth after the result', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackWithArgs
    const seen: unknown[] = [];
    succeed(1).addCallback((v, a: string, b: number) => seen.push([v, a, b]), 'x', 2);
    fail(new Error('e')).addErrback((f, a: string) => seen.push([f.getErrorMessage(), a]), 'y');
    succeed(3).addBoth((v, a: boolean) => seen.push([v, a]), true);
    expect(seen).toEqual([
      [1, 'x', 2],
      ['e', 'y'],
      [3, true],
    ]);
  });

  it('returns the same Deferred from addCallback, addErrback, addBoth and addCallbacks', () => {
    // upstream: twisted/internet/defer.py Deferred.addCallbacks "@return: self"
    const d = new Deferred<number>();
    expect(d.addCallback((v) => v)).toBe(d);
    expect(d.addErrback((f) => f)).toBe(d);
    expect(d.addBoth((r) => r)).toBe(d);
    expect(d.addCallbacks((v) => v)).toBe(d);
  });

  it('makes the result undefined when a callback returns undefined (no "keep the old value" rule)', () => {
    // upstream: twisted/internet/defer.py Deferred._runCallbacks (whatever a callback returns, None too, is the result)
    const d = succeed(5).addCallback(() => undefined);
    expect(peek(d)).toEqual({ value: undefined, failed: false });
  });

  it('runs callbacks added after firing synchronously, before addCallback returns', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testImmediateSuccess
    const d = new Deferred<string>();
    d.callback('ok');
    let ran = false;
    d.addCallback(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('never defers callbacks to a microtask: everything has run when callback() returns', async () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testImmediateSuccess (no event loop involved)
    const order: string[] = [];
    const d = new Deferred<void>();
    d.addCallback(() => order.push('callback'));
    queueMicrotask(() => order.push('microtask'));
    d.callback();
    order.push('after callback()');
    await Promise.resolve();
    expect(order).toEqual(['callback', 'after callback()', 'microtask']);
  });

  it('runs callbacks a running callback adds to its own Deferred after it returns, without recursion', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_reentrantRunCallbacks, test_nonReentrantCallbacks
    const order: string[] = [];
    const d = new Deferred<void>();
    d.addCallback(() => {
      order.push('first starts');
      d.addCallback(() => order.push('added by first'));
      order.push('first ends');
    });
    d.addCallback(() => order.push('second'));
    d.callback();
    expect(order).toEqual(['first starts', 'first ends', 'second', 'added by first']);
  });
});

describe('addCallbacks()', () => {
  it('runs exactly one of the callback and the errback of a step', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackWithoutArgs, test_addCallbacksNoneErrback
    const calls: string[] = [];
    const pair = [() => calls.push('cb'), () => calls.push('eb')] as const;
    succeed(1).addCallbacks(...pair);
    fail(new Error('x')).addCallbacks(...pair);
    expect(calls).toEqual(['cb', 'eb']);
  });

  it('passes the failure on when the errback is missing', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_addCallbacksNoneErrback
    const error = new Error('through');
    const d = fail(error).addCallbacks(() => 'never', null);
    const seen = peek(d);
    expect(seen?.failed).toBe(true);
    expect((seen!.value as Failure).value).toBe(error);
    swallow(d);
  });
});

describe('the error path', () => {
  it('turns a throwing callback into a Failure and skips callbacks until the next errback', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackErrors
    const error = new RangeError('bad');
    const skipped: unknown[] = [];
    let caught: Failure | undefined;
    const d = new Deferred<number>();
    d.addCallback(() => {
      throw error;
    })
      .addCallback((v) => skipped.push(v))
      .addErrback((f) => {
        caught = f;
      });
    d.callback(1);
    expect(skipped).toEqual([]);
    expect(caught).toBeInstanceOf(Failure);
    expect(caught?.value).toBe(error);
  });

  it('treats a callback returning a Failure like one that throws', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackErrors (returning Failure)
    const error = new Error('returned');
    const d = succeed(1).addCallback(() => new Failure(error));
    expect(failureOf(d).value).toBe(error);
    swallow(d);
  });

  it('switches back to the success path when an errback returns a non-Failure', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_errbackAddedBeforeTimeoutSuppressesCancellation
    const d = fail(new Error('x')).addErrback(() => 'recovered');
    expect(peek(d)).toEqual({ value: 'recovered', failed: false });
  });

  it('stays on the error path when an errback throws or returns a Failure', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_errbackAddedBeforeTimeout (an errback returning the Failure)
    const second = new Error('second');
    const d1 = fail(new Error('first')).addErrback(() => {
      throw second;
    });
    expect(failureOf(d1).value).toBe(second);
    const d2 = fail(new Error('kept')).addErrback((f) => f);
    expect(failureOf(d2).getErrorMessage()).toBe('kept');
    swallow(d1);
    swallow(d2);
  });

  it('re-throws the same error down the chain when failure.trap() has no match', () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_trapRaisesWrappedException
    const error = new TypeError('not a cancel');
    const d = fail(error).addErrback((f) => {
      f.trap(CancelledError);
      return 'trapped';
    });
    const seen = peek(d);
    expect(seen?.failed).toBe(true);
    expect((seen!.value as Failure).value).toBe(error);
    swallow(d);
  });
});

describe('callback() and errback()', () => {
  it('treats callback(aFailure) exactly like errback(aFailure)', () => {
    // upstream: twisted/internet/defer.py Deferred.callback "if result is a Failure … same as errback"
    const failure = new Failure(new Error('f'));
    const d = new Deferred<unknown>();
    d.callback(failure);
    expect(peek(d)).toEqual({ value: failure, failed: true });
    swallow(d);
  });

  it('wraps a non-Failure given to errback in a Failure, whatever was thrown', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_addCallbacksNoneErrback (errback(error) → a Failure whose value is error)
    for (const thrown of [new Error('e'), 'a string', 42, undefined, null]) {
      const d = fail(thrown);
      const seen = peek(d);
      expect(seen?.value).toBeInstanceOf(Failure);
      expect((seen!.value as Failure).value).toBe(thrown);
      swallow(d);
    }
  });

  it('wraps anything a callback throws, not only Errors', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackErrors (JS throws any value)
    const d = succeed(1).addCallback(() => {
      throw 'plain string';
    });
    expect(failureOf(d).value).toBe('plain string');
    swallow(d);
  });

  it.each([
    ['callback', 'callback'],
    ['callback', 'errback'],
    ['errback', 'callback'],
    ['errback', 'errback'],
  ] as const)(
    'throws AlreadyCalledError on %s then %s and leaves the chain untouched',
    (first, second) => {
      // upstream: twisted/test/test_defer.py AlreadyCalledTests.testAlreadyCalled_CC/_CE/_EC/_EE
      const d = new Deferred<string>();
      const fire = (how: 'callback' | 'errback') =>
        how === 'callback' ? d.callback('value') : d.errback(new Error('error'));
      fire(first);
      const before = peek(d);
      expect(() => fire(second)).toThrow(AlreadyCalledError);
      expect(peek(d)).toEqual(before);
      swallow(d);
    },
  );

  it('fails with a TypeError when callback() is given a Deferred (decision, BEHAVIOURS.md 20)', () => {
    // upstream: twisted/internet/defer.py Deferred.callback asserts "not isinstance(result, Deferred)"
    const d = new Deferred<unknown>();
    d.callback(new Deferred());
    const seen = peek(d);
    expect(d.called).toBe(true);
    expect((seen!.value as Failure).value).toBeInstanceOf(TypeError);
    swallow(d);
  });
});

describe('succeed() and fail()', () => {
  it('give Deferreds that have already fired, like a manual callback/errback', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testImmediateSuccess, testImmediateFailure
    const s = succeed('x');
    expect(s.called).toBe(true);
    expect(peek(s)).toEqual({ value: 'x', failed: false });
    const error = new Error('y');
    const f = fail(error);
    expect(f.called).toBe(true);
    expect(failureOf(f).value).toBe(error);
    swallow(f);
  });
});

describe('a callback that returns a Deferred', () => {
  it('pauses the outer until the unfired inner fires, then continues with its result', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_asynchronousImplicitChain
    const inner = new Deferred<number>();
    const outer = succeed(1).addCallback(() => inner);
    expect(outer.paused).toBe(1);
    expect(peek(outer)).toBeUndefined();
    inner.callback(7);
    expect(outer.paused).toBe(0);
    expect(peek(outer)).toEqual({ value: 7, failed: false });
  });

  it('continues the outer on its error path when the inner fails', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_asynchronousImplicitErrorChain
    const inner = new Deferred<number>();
    const outer = succeed(1).addCallback(() => inner);
    const error = new Error('inner failed');
    inner.errback(error);
    expect(failureOf(outer).value).toBe(error);
    swallow(outer);
  });

  it('takes the result of an inner that has already fired at once, without pausing', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_synchronousImplicitChain
    const outer = succeed(1).addCallback(() => succeed('now'));
    expect(outer.paused).toBe(0);
    expect(peek(outer)).toEqual({ value: 'now', failed: false });
  });

  it('leaves the inner with an undefined result after the handoff', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_synchronousImplicitChain
    const inner = succeed('taken');
    const outer = succeed(0).addCallback(() => inner);
    expect(peek(inner)).toEqual({ value: undefined, failed: false });
    expect(peek(outer)).toEqual({ value: 'taken', failed: false });
  });

  it('moves a Failure to the outer so that the inner no longer holds it', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_asynchronousImplicitErrorChain, test_synchronousImplicitErrorChain
    const inner = new Deferred<never>();
    const outer = succeed(0).addCallback(() => inner);
    inner.errback(new Error('moved'));
    expect(inner.result).toBeUndefined();
    expect(outer.result).toBeInstanceOf(Failure);
    swallow(outer);
  });

  it("runs the inner's own callbacks first, so they shape what the outer receives", () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_innerCallbacksPreserved
    const inner = new Deferred<number>();
    inner.addCallback((v) => v * 10);
    const outer = succeed(0).addCallback(() => inner);
    inner.callback(4);
    expect(peek(outer)).toEqual({ value: 40, failed: false });
  });

  it('chains transitively: A waits on B which waits on C', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_doubleAsynchronousImplicitChaining
    const c = new Deferred<string>();
    const b = succeed(0).addCallback(() => c);
    const a = succeed(0).addCallback(() => b);
    expect(a.paused).toBe(1);
    c.callback('from C');
    expect(peek(a)).toEqual({ value: 'from C', failed: false });
  });

  it('preserves callback order across chained Deferreds', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_callbackOrderPreserved
    const order: string[] = [];
    const inner = new Deferred<void>();
    inner.addCallback(() => order.push('inner'));
    const outer = new Deferred<void>();
    outer.addCallback(() => {
      order.push('outer 1');
      return inner;
    });
    outer.addCallback(() => order.push('outer 2'));
    outer.callback();
    order.push('fire inner');
    inner.callback();
    expect(order).toEqual(['outer 1', 'fire inner', 'inner', 'outer 2']);
  });

  it('keeps the outer waiting on a paused inner even if the inner has a result', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_chainedPausedDeferredWithResult
    const inner = succeed('held');
    inner.pause();
    const outer = succeed(0).addCallback(() => inner);
    expect(peek(outer)).toBeUndefined();
    inner.unpause();
    expect(peek(outer)).toEqual({ value: 'held', failed: false });
  });

  it('does not run an explicitly paused outer when its inner fires', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_pausedDeferredChained
    const inner = new Deferred<string>();
    const outer = succeed(0).addCallback(() => inner);
    outer.pause();
    inner.callback('late');
    expect(peek(outer)).toBeUndefined();
    // … while the inner, its result handed over, carries on with undefined
    expect(peek(inner)).toEqual({ value: undefined, failed: false });
    outer.unpause();
    expect(peek(outer)).toEqual({ value: 'late', failed: false });
  });

  it('fails with a TypeError when a callback returns its own Deferred (decision, BEHAVIOURS.md 19)', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_circularChainWarning (Twisted warns and stalls)
    const d = new Deferred<unknown>();
    d.addCallback(() => d);
    d.callback(1);
    const seen = peek(d);
    expect(seen?.failed).toBe(true);
    expect((seen!.value as Failure).value).toBeInstanceOf(TypeError);
    swallow(d);
  });
});

describe('the chain runner', () => {
  /** Builds top → inner1 → … → innerN → last and returns the stack depth at which top's next callback runs. */
  function chainDeferreds(howMany: number): number {
    const depths: number[] = [];
    const top = new Deferred<void>();
    const inners = Array.from({ length: howMany }, () => new Deferred<void>());
    const last = new Deferred<void>();
    top.addCallback(() => inners[0]!);
    top.addCallback(() => {
      depths.push((new Error().stack ?? '').split('\n').length);
    });
    inners.forEach((inner, i) => {
      inner.addCallback(() => inners[i + 1] ?? last);
    });
    top.callback();
    for (const inner of inners) inner.callback();
    expect(depths).toEqual([]);
    last.callback();
    return depths[0]!;
  }

  it('does not grow the stack with the length of a chain of Deferreds', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_boundedStackDepth
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    try {
      expect(chainDeferreds(1)).toBe(chainDeferreds(2));
      expect(chainDeferreds(1)).toBe(chainDeferreds(50));
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('runs a chain of 100,000 Deferreds, each returning the next, without RangeError', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_boundedStackDepth (scaled up)
    const n = 100_000;
    const ds = Array.from({ length: n }, () => new Deferred<number>());
    const top = new Deferred<void>();
    top.addCallback(() => ds[0]!);
    ds.forEach((d, i) => {
      d.addCallback((v) => (i + 1 < n ? ds[i + 1]! : v));
    });
    top.callback();
    ds.forEach((d) => {
      d.callback(1);
    });
    // the last Deferred returns its value; it travels back up all 100,000 continuations
    expect(peek(top)).toEqual({ value: 1, failed: false });
  });
});

describe('chainDeferred()', () => {
  it("fires the chained Deferred with this one's result and leaves this one undefined", () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_chainDeferredRecordsExplicitChain, test_explicitChainClearedWhenResolved
    const d1 = new Deferred<string>();
    const d2 = new Deferred<string>();
    expect(d1.chainDeferred(d2)).toBe(d1);
    d1.callback('shared');
    expect(peek(d2)).toEqual({ value: 'shared', failed: false });
    expect(peek(d1)).toEqual({ value: undefined, failed: false });
  });

  it("errbacks the chained Deferred with this one's failure", () => {
    // upstream: twisted/internet/defer.py Deferred.chainDeferred "addCallbacks(d.callback, d.errback)"
    const d1 = new Deferred<string>();
    const d2 = new Deferred<string>();
    d1.chainDeferred(d2);
    const error = new Error('both');
    d1.errback(error);
    expect(failureOf(d2).value).toBe(error);
    expect(peek(d1)).toEqual({ value: undefined, failed: false });
    swallow(d2);
  });
});

describe('pause() and unpause()', () => {
  it('counts pauses: nothing runs until as many unpauses, then the pending callbacks run', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testPausedFailure, testUnpauseBeforeCallback
    const calls: unknown[] = [];
    const d = new Deferred<number>();
    d.pause();
    d.pause();
    d.addCallback((v) => calls.push(v));
    d.callback(1);
    expect(calls).toEqual([]);
    d.unpause();
    expect(calls).toEqual([]);
    expect(d.paused).toBe(1);
    d.unpause();
    expect(calls).toEqual([1]);
  });

  it('runs nothing when unpaused before being fired, and runs normally when fired later', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testUnpauseBeforeCallback
    const calls: unknown[] = [];
    const d = new Deferred<number>();
    d.pause();
    d.addCallback((v) => calls.push(v));
    d.unpause();
    expect(calls).toEqual([]);
    d.callback(2);
    expect(calls).toEqual([2]);
  });

  it('holds a failure while paused and delivers it on unpause', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testPausedFailure
    const d = new Deferred<number>();
    d.pause();
    let caught: unknown;
    d.addErrback((f) => {
      caught = f.value;
    });
    const error = new Error('paused failure');
    d.errback(error);
    expect(caught).toBeUndefined();
    d.unpause();
    expect(caught).toBe(error);
  });

  it('throws InvalidStateError on unpause() without pause() and keeps working (decision, BEHAVIOURS.md 22)', () => {
    // upstream: twisted/internet/defer.py Deferred.unpause (Twisted drives the count negative and stalls)
    const d = new Deferred<number>();
    expect(() => d.unpause()).toThrow(InvalidStateError);
    expect(d.paused).toBe(0);
    d.callback(3);
    expect(peek(d)).toEqual({ value: 3, failed: false });
  });
});

describe('cancel()', () => {
  it('errbacks an unfired Deferred without a canceller with CancelledError at once', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_noCanceller
    const d = new Deferred<number>();
    d.cancel();
    expect(d.called).toBe(true);
    const seen = peek(d);
    expect((seen!.value as Failure).check(CancelledError)).toBe(CancelledError);
    expect(((seen!.value as Failure).value as CancelledError).code).toBe('ECANCELLED');
    swallow(d);
  });

  it("swallows the producer's next callback once, then throws AlreadyCalledError", () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_raisesAfterCancelAndCallback, test_raisesAfterCancelAndErrback
    const d = new Deferred<number>();
    swallow(d);
    d.cancel();
    expect(() => d.callback(1)).not.toThrow();
    expect(() => d.callback(2)).toThrow(AlreadyCalledError);
    const e = new Deferred<number>();
    swallow(e);
    e.cancel();
    expect(() => e.errback(new Error('late'))).not.toThrow();
    expect(() => e.errback(new Error('later'))).toThrow(AlreadyCalledError);
  });

  it('calls the canceller with the Deferred, then errbacks with CancelledError if it did not fire it', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_simpleCanceller
    const given: unknown[] = [];
    const d = new Deferred<number>((it) => given.push(it));
    d.cancel();
    expect(given).toEqual([d]);
    expect(failureOf(d).check(CancelledError)).toBe(CancelledError);
    swallow(d);
    // with a canceller there is no swallowed late call
    expect(() => d.callback(1)).toThrow(AlreadyCalledError);
  });

  it('keeps the value a canceller fires the Deferred with', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_cancellerThatCallbacks
    const d = new Deferred<string>((it) => it.callback('cancelled gently'));
    d.cancel();
    expect(peek(d)).toEqual({ value: 'cancelled gently', failed: false });
  });

  it('keeps the error a canceller errbacks the Deferred with', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_cancellerThatErrbacks
    const error = new Error('custom');
    const d = new Deferred<string>((it) => it.errback(error));
    d.cancel();
    expect(failureOf(d).value).toBe(error);
    swallow(d);
  });

  it('is harmless when repeated: the canceller runs once', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_cancellerMultipleCancel
    let count = 0;
    const d = new Deferred<number>(() => count++);
    swallow(d);
    d.cancel();
    d.cancel();
    expect(count).toBe(1);
  });

  it('does nothing after the Deferred has fired', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_cancelAfterCallback
    let count = 0;
    const d = new Deferred<number>(() => count++);
    d.callback(5);
    d.cancel();
    expect(count).toBe(0);
    expect(peek(d)).toEqual({ value: 5, failed: false });
  });

  it('cancels the inner Deferred it waits on, whose CancelledError reaches the outer', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_cancelNestedDeferred
    let innerCancelled = 0;
    const inner = new Deferred<number>(() => innerCancelled++);
    const outer = succeed(0).addCallback(() => inner);
    outer.cancel();
    expect(innerCancelled).toBe(1);
    expect(failureOf(outer).check(CancelledError)).toBe(CancelledError);
    swallow(outer);
  });

  it('never throws: an exception from the canceller errbacks the Deferred (decision, BEHAVIOURS.md 27)', () => {
    // upstream: twisted/internet/defer.py Deferred.cancel (Twisted lets the canceller's exception escape)
    const error = new Error('canceller broke');
    const d = new Deferred<number>(() => {
      throw error;
    });
    expect(() => d.cancel()).not.toThrow();
    expect(failureOf(d).value).toBe(error);
    swallow(d);
  });

  it('reports, rather than throws, an exception from a canceller that had already fired the Deferred', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_cancelDeferredListWithException (a canceller's exception is logged)
    const reported: unknown[] = [];
    const previous = setUnhandledErrorReporter((r) => reported.push(r.failure.value));
    try {
      const error = new Error('after firing');
      const d = new Deferred<string>((it) => {
        it.callback('fired by the canceller');
        throw error;
      });
      expect(() => d.cancel()).not.toThrow();
      expect(peek(d)).toEqual({ value: 'fired by the canceller', failed: false });
      expect(reported).toEqual([error]);
    } finally {
      setUnhandledErrorReporter(previous);
    }
  });
});

describe('addTimeout()', () => {
  it('cancels after the delay and turns the CancelledError into a TimeoutError', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_timedOut
    const clock = new Clock();
    const d = new Deferred<string>().addTimeout(1000, clock);
    clock.advance(999);
    expect(d.called).toBe(false);
    clock.advance(1);
    const failure = peek(d)?.value as Failure;
    expect(failure.value).toBeInstanceOf(TimeoutError);
    expect((failure.value as TimeoutError).code).toBe('ETIMEDOUT');
    swallow(d);
  });

  it('cancels the timer when the Deferred fires first', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_successResultBeforeTimeout
    const clock = new Clock();
    const d = new Deferred<string>().addTimeout(1000, clock);
    d.callback('in time');
    expect(clock.getDelayedCalls()).toHaveLength(0);
    clock.advance(2000);
    expect(peek(d)).toEqual({ value: 'in time', failed: false });
  });

  it('passes a failure that arrives first through unchanged', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_failureBeforeTimeout
    const clock = new Clock();
    const d = new Deferred<string>().addTimeout(1000, clock);
    const error = new Error('early');
    d.errback(error);
    expect(clock.getDelayedCalls()).toHaveLength(0);
    expect(failureOf(d).value).toBe(error);
    swallow(d);
  });

  it('leaves a manual cancel as CancelledError', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_cancelBeforeTimeout
    const clock = new Clock();
    const d = new Deferred<string>().addTimeout(1000, clock);
    d.cancel();
    expect(failureOf(d).value).toBeInstanceOf(CancelledError);
    expect(clock.getDelayedCalls()).toHaveLength(0);
    swallow(d);
  });

  it('calls onTimeoutCancel(result, ms) instead of the default translation', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_timedOutCustom
    const clock = new Clock();
    const seen: unknown[] = [];
    const d = new Deferred<string>().addTimeout(500, clock, (result, ms) => {
      seen.push((result as Failure).check(CancelledError), ms);
      return 'custom';
    });
    clock.advance(500);
    expect(seen).toEqual([CancelledError, 500]);
    expect(peek(d)).toEqual({ value: 'custom', failed: false });
  });

  it('keeps the value a canceller fires with on timeout (no TimeoutError)', () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_timedOutProvidedCancelSuccess
    const clock = new Clock();
    const d = new Deferred<string>((it) => it.callback('cancel value')).addTimeout(10, clock);
    clock.advance(10);
    expect(peek(d)).toEqual({ value: 'cancel value', failed: false });
  });
});

describe('Deferred typing', () => {
  it('types a chain without casts, a returned Deferred unwrapped', () => {
    // upstream: none (TypeScript ergonomics); the assertions are on the runtime values
    const d: Deferred<number> = succeed('21')
      .addCallback((s) => Number.parseInt(s, 10))
      .addCallback((n) => succeed(n * 2));
    const e: Deferred<number | string> = d.addErrback(() => 'fallback');
    expect(peek(e)).toEqual({ value: 42, failed: false });
  });
});
