// Deferreds — the semantic tests of awaiting Deferreds from native async code, and of
// ensureDeferred. Contract: BEHAVIOURS.md 40. Lineage: twisted/internet/test/test_defer_await.py
// (AwaitTests) and twisted/test/test_defer.py (EnsureDeferredTests). Read next: unhandled.test.ts.
import { describe, expect, it } from 'vitest';
import { CancelledError, Clock, Deferred, ensureDeferred, fail, succeed } from '../src/index.js';
import { outcome } from './outcome.js';

/** Lets every pending microtask and one macrotask run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('await on a Deferred', () => {
  it('gives the value of an already-fired Deferred', async () => {
    // upstream: twisted/internet/test/test_defer_await.py AwaitTests.test_basic
    const value: string = await succeed('foo');
    expect(value).toBe('foo');
  });

  it('suspends until an unfired Deferred fires', async () => {
    // upstream: twisted/internet/test/test_defer_await.py AwaitTests.test_twoDeep
    const clock = new Clock();
    const sections: number[] = [];
    const run = async () => {
      sections.push(1);
      const d = new Deferred<number>();
      clock.callLater(1000, (v: number) => d.callback(v), 2);
      const v = await d;
      sections.push(v);
    };
    const done = run();
    await settle();
    expect(sections).toEqual([1]);
    clock.advance(1000);
    await done;
    expect(sections).toEqual([1, 2]);
  });

  it("throws the failure's original error", async () => {
    // upstream: twisted/internet/test/test_defer_await.py AwaitTests.test_reraise
    const error = new RangeError('Boom');
    await expect(fail(error)).rejects.toBe(error);
  });

  it('gives the result of a paused, chained Deferred once it has one', async () => {
    // upstream: twisted/internet/test/test_defer_await.py AwaitTests.test_chained
    const d2 = new Deferred<string>();
    const d = succeed(undefined).addCallback(() => d2);
    const awaited = (async () => await d)();
    d2.callback('bye');
    expect(await awaited).toBe('bye');
  });

  it('consumes the result: afterwards the Deferred holds undefined, fired or not (decision, BEHAVIOURS.md 40)', async () => {
    // upstream: twisted/internet/defer.py Deferred.send/__await__ (Twisted consumes only unfired ones)
    const fired = succeed('taken');
    await fired;
    expect(outcome(fired)).toEqual({ value: undefined });
    const later = new Deferred<string>();
    const awaited = (async () => await later)();
    later.callback('taken later');
    await awaited;
    expect(outcome(later)).toEqual({ value: undefined });
    const failed = fail(new Error('taken too'));
    await failed.then(undefined, () => undefined);
    expect(outcome(failed)).toEqual({ value: undefined });
  });
});

describe('ensureDeferred()', () => {
  it('returns a Deferred as it is', () => {
    // upstream: twisted/test/test_defer.py EnsureDeferredTests.test_passesThroughDeferreds
    const d = new Deferred<number>();
    expect(ensureDeferred(d)).toBe(d);
  });

  it("adopts a Promise: the Deferred fires with the Promise's value", async () => {
    // upstream: twisted/test/test_defer.py EnsureDeferredTests.test_ensureDeferredCoroutine
    const run = async () => {
      const res = await succeed('foo');
      return res;
    };
    const d = ensureDeferred(run());
    expect(d).toBeInstanceOf(Deferred);
    await settle();
    expect(outcome(d)).toEqual({ value: 'foo' });
  });

  it("fails with a rejected Promise's error", async () => {
    // upstream: twisted/internet/test/test_defer_await.py AwaitTests.test_exception
    const error = new Error('Oh no!');
    const d = ensureDeferred(Promise.reject(error));
    await settle();
    expect(outcome(d)).toEqual({ error });
    d.addErrback(() => undefined);
  });

  it('runs a generator as inlineCallbacks', () => {
    // upstream: twisted/test/test_defer.py EnsureDeferredTests.test_ensureDeferredGenerator
    function* run(): Generator<unknown, number, number> {
      const a = yield succeed(20);
      return a + 1;
    }
    expect(outcome(ensureDeferred(run()))).toEqual({ value: 21 });
  });

  it('can be cancelled: CancelledError at once, and the late settlement is ignored', async () => {
    // upstream: twisted/test/test_defer.py DeferredCancellerTests.test_noCanceller (applied to an adopted Promise)
    let resolve: (v: string) => void = () => undefined;
    const d = ensureDeferred(new Promise<string>((r) => (resolve = r)));
    d.cancel();
    expect(outcome(d)?.error).toBeInstanceOf(CancelledError);
    d.addErrback(() => undefined);
    resolve('too late');
    await settle();
    expect(outcome(d)).toEqual({ value: undefined });
  });

  it('refuses anything that is not a Deferred, a Promise or a generator', () => {
    // upstream: twisted/test/test_defer.py EnsureDeferredTests.test_willNotAllowNonDeferredOrCoroutine
    expect(() => ensureDeferred(42 as unknown as Deferred<number>)).toThrow(TypeError);
  });
});
