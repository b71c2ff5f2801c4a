// Deferreds — the semantic tests of inlineCallbacks: yield, return, throw, synchronous yields
// without stack growth, consumption of yielded results, cancellation. Contract: BEHAVIOURS.md 36–39.
// Lineage: twisted/internet/test/test_inlinecb.py (BasicTests, StopIterationReturnTests,
// StackedInlineCallbacksTests, CancellationTests). Read next: await.test.ts.
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Deferred,
  type Failure,
  fail,
  inlineCallbacks,
  succeed,
} from '../src/index.js';
import { outcome } from './outcome.js';

describe('inlineCallbacks()', () => {
  it('returns a function returning a Deferred that fires with the return value', () => {
    // upstream: twisted/internet/test/test_inlinecb.py StopIterationReturnTests.test_returnWithValue, BasicTests.testReturnNoValue
    const f = inlineCallbacks(function* (a: number, b: number) {
      const sum: number = yield a + b;
      return sum;
    });
    const d = f(2, 3);
    expect(d).toBeInstanceOf(Deferred);
    expect(outcome(d)).toEqual({ value: 5 });
  });

  it("resumes `yield d` with d's value once d fires", () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.testBasics
    const inner = new Deferred<string>();
    const seen: unknown[] = [];
    const d = inlineCallbacks(function* () {
      const v: string = yield inner;
      seen.push(v);
      return `${v}!`;
    })();
    expect(d.called).toBe(false);
    inner.callback('value');
    expect(seen).toEqual(['value']);
    expect(outcome(d)).toEqual({ value: 'value!' });
  });

  it("throws d's error at the yield, where the generator can catch it", () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.testBasics, testHandledTerminalAsyncFailure
    const error = new RangeError('inner failed');
    const inner = new Deferred<string>();
    const d = inlineCallbacks(function* () {
      try {
        yield inner;
        return 'not reached';
      } catch (e) {
        return e;
      }
    })();
    inner.errback(error);
    expect(outcome(d)).toEqual({ value: error });
  });

  it('resumes at once with the same value when a non-Deferred is yielded', () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.testYieldNonDeferred
    const marker = { some: 'object' };
    const d = inlineCallbacks(function* () {
      const back: unknown = yield marker;
      return back;
    })();
    expect(outcome(d)).toEqual({ value: marker });
  });

  it('errbacks the Deferred with an exception the generator does not catch', () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.testProducesException
    const error = new Error('uncaught');
    const d = inlineCallbacks(function* () {
      yield succeed(1);
      throw error;
    })();
    expect(outcome(d)).toEqual({ error });
    d.addErrback(() => undefined);
  });

  it('passes `this` through to the generator function', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.sampleInlineCB (inlineCallbacks decorates methods)
    const object = {
      factor: 3,
      times: inlineCallbacks(function* (this: { factor: number }, n: number) {
        const m: number = yield succeed(n);
        return m * this.factor;
      }),
    };
    expect(outcome(object.times(2))).toEqual({ value: 6 });
  });

  it('throws TypeError when the function does not produce a generator', () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.test_nonGeneratorReturn
    const notAGenerator = inlineCallbacks((() => 5) as unknown as () => Generator<unknown, number>);
    expect(() => notAGenerator()).toThrow(TypeError);
  });

  it('returns an already-fired Deferred when every yielded Deferred has already fired', () => {
    // upstream: twisted/internet/test/test_inlinecb.py StackedInlineCallbacksTests.test_intermediateAddCallbacksAndNoWaiting
    const d = inlineCallbacks(function* () {
      const a: number = yield succeed(1);
      const b: number = yield succeed(2);
      return a + b;
    })();
    expect(d.called).toBe(true);
    expect(outcome(d)).toEqual({ value: 3 });
  });

  it('survives 100,000 synchronous yields without growing the stack', () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.testStackUsage (5,000 there)
    const depths: number[] = [];
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    try {
      const d = inlineCallbacks(function* () {
        let total = 0;
        for (let i = 0; i < 100_000; i++) {
          const one: number = yield succeed(1);
          total += one;
          if (i === 0 || i === 99_999) depths.push((new Error().stack ?? '').split('\n').length);
        }
        return total;
      })();
      expect(outcome(d)).toEqual({ value: 100_000 });
    } finally {
      Error.stackTraceLimit = limit;
    }
    expect(depths[0]).toBe(depths[1]);
  });

  it('consumes the yielded Deferred: afterwards its result is undefined', () => {
    // upstream: twisted/internet/defer.py _inlineCallbacks (its gotResult callback returns None); no upstream test
    const fired = succeed('taken');
    const later = new Deferred<string>();
    const d = inlineCallbacks(function* () {
      yield fired;
      yield later;
    })();
    later.callback('also taken');
    expect(outcome(d)).toEqual({ value: undefined });
    expect(outcome(fired)).toEqual({ value: undefined });
    expect(outcome(later)).toEqual({ value: undefined });
  });

  it('consumes a yielded failure too, so it is never reported unhandled on the yielded Deferred', () => {
    // upstream: twisted/internet/test/test_inlinecb.py BasicTests.testHandledTerminalFailure (nothing is logged as unhandled)
    const failed = fail(new Error('handled by the generator'));
    inlineCallbacks(function* () {
      try {
        yield failed;
      } catch {
        // handled
      }
    })();
    expect(outcome(failed)).toEqual({ value: undefined });
  });
});

describe('cancel() of an inlineCallbacks Deferred', () => {
  it('cancels the Deferred being waited on and throws CancelledError into the generator', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_CascadeCancellingOnCancelNotStacked, test_ErrbackCancelledErrorOnCancel
    let innerCancelled = 0;
    const inner = new Deferred<string>(() => innerCancelled++);
    let thrown: unknown;
    const d = inlineCallbacks(function* () {
      try {
        yield inner;
      } catch (e) {
        thrown = e;
        throw e;
      }
    })();
    d.cancel();
    expect(innerCancelled).toBe(1);
    expect(thrown).toBeInstanceOf(CancelledError);
    expect(outcome(d)?.error).toBeInstanceOf(CancelledError);
    d.addErrback(() => undefined);
  });

  it('lets the generator catch the CancelledError and go on waiting for something else', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_inlineCallbacksCancelCaptured
    const first = new Deferred<string>();
    const second = new Deferred<string>();
    const d = inlineCallbacks(function* () {
      try {
        yield first;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      const v: string = yield second;
      return `went on: ${v}`;
    })();
    d.cancel();
    expect(outcome(d)).toBeUndefined(); // still waiting, not failed by cancel()
    second.callback('second');
    expect(outcome(d)).toEqual({ value: 'went on: second' });
  });

  it('lets the generator translate the cancellation into its own error', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_ErrorToErrorTranslation
    class GaveUp extends Error {}
    const d = inlineCallbacks(function* () {
      try {
        yield new Deferred<string>();
      } catch {
        throw new GaveUp('translated');
      }
    })();
    d.cancel();
    expect(outcome(d)?.error).toBeInstanceOf(GaveUp);
    d.addErrback(() => undefined);
  });

  it('lets the generator recover with a value', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_ErrorToSuccessTranslation
    const d = inlineCallbacks(function* () {
      try {
        yield new Deferred<string>();
        return 'not reached';
      } catch {
        return 'recovered';
      }
    })();
    d.cancel();
    expect(outcome(d)).toEqual({ value: 'recovered' });
  });

  it('resumes with the value a canceller fires the awaited Deferred with', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_ErrorToSuccessTranslation (there the canceller errbacks; here it callbacks)
    const inner = new Deferred<string>((it) => it.callback('canceller value'));
    const d = inlineCallbacks(function* () {
      const v: string = yield inner;
      return v;
    })();
    d.cancel();
    expect(outcome(d)).toEqual({ value: 'canceller value' });
  });

  it('does not fire until the awaited Deferred hands its (recovered) result back to the generator', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_AsynchronousCancellation
    const more = new Deferred<number>();
    const awaited = new Deferred<number>().addErrback((f: Failure) => {
      f.trap(CancelledError);
      return more; // the awaited Deferred's own chain is not done yet
    });
    const d = inlineCallbacks(function* () {
      const v: number = yield awaited;
      return v + 1;
    })();
    d.cancel();
    expect(outcome(d)).toBeUndefined();
    more.callback(6543);
    expect(outcome(d)).toEqual({ value: 6544 });
  });

  it('cancels again what the generator waits on after a first cancellation', () => {
    // upstream: twisted/internet/test/test_inlinecb.py CancellationTests.test_inlineCallbacksCancelCaptured (the second cancel)
    let secondCancelled = 0;
    const second = new Deferred<string>(() => secondCancelled++);
    const d = inlineCallbacks(function* () {
      try {
        yield new Deferred<string>();
      } catch {
        // first cancellation ignored
      }
      return yield second;
    })();
    d.cancel();
    expect(secondCancelled).toBe(0);
    d.cancel();
    expect(secondCancelled).toBe(1);
    expect(outcome(d)?.error).toBeInstanceOf(CancelledError);
    d.addErrback(() => undefined);
  });

  it('does nothing once the generator has returned', () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_cancelAfterCallback (an inlineCallbacks Deferred is a Deferred)
    const d = inlineCallbacks(function* () {
      return yield 'done';
    })();
    d.cancel();
    expect(outcome(d)).toEqual({ value: 'done' });
  });
});
