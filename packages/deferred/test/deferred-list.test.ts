// Deferreds — the semantic tests of maybeDeferred, DeferredList, gatherResults and race.
// Contract: BEHAVIOURS.md 29–35. Lineage: twisted/test/test_defer.py (DeferredTests' DeferredList,
// gatherResults and maybeDeferred cases; RaceTests). Read next: locks.test.ts.
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  Deferred,
  DeferredList,
  type DeferredListEntry,
  Failure,
  FailureGroup,
  FirstError,
  fail,
  gatherResults,
  maybeDeferred,
  race,
  succeed,
} from '../src/index.js';
import { outcome } from './outcome.js';

function handled(d: Deferred<unknown>): void {
  d.addErrback(() => undefined);
}

describe('maybeDeferred()', () => {
  it('gives a fired Deferred for a plain value, passing the arguments', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_maybeDeferredSync
    const d = maybeDeferred((a: number, b: number) => a * b, 6, 7);
    expect(outcome(d)).toEqual({ value: 42 });
  });

  it('gives a failed Deferred when the function throws', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_maybeDeferredSyncException
    const error = new Error('thrown');
    const d = maybeDeferred(() => {
      throw error;
    });
    expect(outcome(d)).toEqual({ error });
    handled(d);
  });

  it('gives a Deferred failed with the very Failure the function returns', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_maybeDeferredSyncFailure
    const failure = new Failure(new Error('returned'));
    let seen: unknown;
    maybeDeferred(() => failure).addErrback((f) => {
      seen = f;
    });
    expect(seen).toBe(failure);
  });

  it('returns the same Deferred object the function returns', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_maybeDeferredAsync, test_maybeDeferredAsyncError
    const d = new Deferred<number>();
    expect(maybeDeferred(() => d)).toBe(d);
  });

  it('adopts a native Promise the function returns', async () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_maybeDeferredCoroutineSuccess (coroutine → Promise)
    const d = maybeDeferred(async () => 'from a promise');
    expect(d.called).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcome(d)).toEqual({ value: 'from a promise' });
  });
});

describe('DeferredList', () => {
  it('fires with [success, result] pairs in input order once all have fired', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testDeferredList
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const error = new Error('b failed');
    const list = new DeferredList([a, b], { consumeErrors: true });
    b.errback(error);
    expect(list.called).toBe(false);
    a.callback('a');
    const result = outcome(list)?.value as DeferredListEntry<string>[];
    expect(result[0]).toEqual([true, 'a']);
    expect(result[1]?.[0]).toBe(false);
    expect((result[1]![1] as Failure).value).toBe(error);
  });

  it('handles inputs that have already fired synchronously', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testDeferredListWithAlreadyFiredDeferreds
    const list = new DeferredList([succeed(1), succeed(2)]);
    expect(outcome(list)).toEqual({
      value: [
        [true, 1],
        [true, 2],
      ],
    });
  });

  it('fires with [] at once for an empty list', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testEmptyDeferredList
    expect(outcome(new DeferredList([]))).toEqual({ value: [] });
  });

  it("passes each input's result on down the input's chain", () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testDeferredListDontConsumeErrors
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    new DeferredList([a, b]);
    a.callback('kept');
    const error = new Error('keeps travelling');
    b.errback(error);
    expect(outcome(a)).toEqual({ value: 'kept' });
    expect(outcome(b)).toEqual({ error });
    handled(b);
  });

  it("with consumeErrors, an input's later callbacks see undefined instead of its failure", () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testDeferredListConsumeErrors
    const b = new Deferred<string>();
    const list = new DeferredList([b], { consumeErrors: true });
    b.errback(new Error('consumed'));
    expect(outcome(b)).toEqual({ value: undefined });
    expect((outcome(list)!.value as DeferredListEntry<string>[])[0]![0]).toBe(false);
  });

  it("sees the result as shaped by an input's earlier callbacks", () => {
    // upstream: twisted/internet/defer.py DeferredList docstring ("DeferredList is not special")
    const a = new Deferred<number>();
    a.addCallback((n) => n + 1);
    const list = new DeferredList([a]);
    a.callback(1);
    expect(outcome(list)).toEqual({ value: [[true, 2]] });
  });

  it('with fireOnOneCallback fires with [value, index] on the first success', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_cancelDeferredListWithFireOnOneCallbackAndDeferredCallback ((result, index))
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const list = new DeferredList<string, [string, number]>([a, b], { fireOnOneCallback: true });
    b.callback('b first');
    expect(outcome(list)).toEqual({ value: ['b first', 1] });
    a.callback('a later'); // does not fire the list again (that would throw inside a's chain) …
    expect(outcome(a)).toEqual({ value: 'a later' }); // … and a's result passes on untouched
  });

  it('with fireOnOneErrback fails with FirstError(failure, index) on the first failure', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testDeferredListFireOnOneError
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const list = new DeferredList([a, b], { fireOnOneErrback: true, consumeErrors: true });
    const error = new Error('second input');
    b.errback(error);
    const firstError = outcome(list)?.error as FirstError;
    expect(firstError).toBeInstanceOf(FirstError);
    expect(firstError.index).toBe(1);
    expect(firstError.subFailure.value).toBe(error);
    handled(list);
  });

  it('cancels its inputs when cancelled before firing', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_cancelDeferredList
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const list = new DeferredList([a, b], { consumeErrors: true });
    list.cancel();
    expect(outcome(a)).toEqual({ value: undefined });
    const entries = outcome(list)?.value as DeferredListEntry<string>[];
    expect((entries[0]![1] as Failure).check(CancelledError)).toBe(CancelledError);
    expect((entries[1]![1] as Failure).check(CancelledError)).toBe(CancelledError);
  });

  it('does not cancel its inputs once it has fired', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_cancelFiredOnOneCallbackDeferredList
    let cancelled = 0;
    const a = new Deferred<string>();
    const b = new Deferred<string>(() => cancelled++);
    const list = new DeferredList<string, [string, number]>([a, b], { fireOnOneCallback: true });
    a.callback('won');
    list.cancel();
    expect(cancelled).toBe(0);
    expect(b.called).toBe(false);
  });
});

describe('gatherResults()', () => {
  it('fires with the plain list of values', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_gatherResults
    const a = new Deferred<number>();
    const d = gatherResults([a, succeed(2)]);
    a.callback(1);
    expect(outcome(d)).toEqual({ value: [1, 2] });
  });

  it('fails with a FirstError as soon as one input fails', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_gatherResultsWithConsumeErrors
    const error = new Error('one failed');
    const pending = new Deferred<number>();
    const input = fail<number>(error);
    const d = gatherResults([pending, input], true);
    const firstError = outcome(d)?.error as FirstError;
    expect(firstError).toBeInstanceOf(FirstError);
    expect(firstError.index).toBe(1);
    expect(firstError.subFailure.value).toBe(error);
    expect(outcome(input)).toEqual({ value: undefined }); // consumeErrors
    handled(d);
  });

  it('cancels all inputs when cancelled', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.test_cancelGatherResults
    const counts = [0, 0];
    const a = new Deferred<number>(() => counts[0]!++);
    const b = new Deferred<number>(() => counts[1]!++);
    const d = gatherResults([a, b], true);
    d.cancel();
    expect(counts).toEqual([1, 1]);
    expect((outcome(d)!.error as FirstError).subFailure.check(CancelledError)).toBe(CancelledError);
    handled(d);
  });
});

describe('race()', () => {
  it('fires with [index, value] of the first success and cancels the rest', () => {
    // upstream: twisted/test/test_defer.py RaceTests.test_success
    let cancelled = 0;
    const a = new Deferred<string>(() => cancelled++);
    const b = new Deferred<string>();
    const c = new Deferred<string>(() => cancelled++);
    const d = race([a, b, c]);
    b.callback('b wins');
    expect(outcome(d)).toEqual({ value: [1, 'b wins'] });
    expect(cancelled).toBe(2);
  });

  it('fails with a FailureGroup of every failure, in input order, when all fail', () => {
    // upstream: twisted/test/test_defer.py RaceTests.test_failure
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const d = race([a, b]);
    const second = new Error('b');
    const first = new Error('a');
    b.errback(second);
    expect(d.called).toBe(false);
    a.errback(first);
    const group = outcome(d)?.error as FailureGroup;
    expect(group).toBeInstanceOf(FailureGroup);
    expect(group.failures.map((f) => f.value)).toEqual([first, second]);
    handled(d);
  });

  it('consumes the results of its inputs', () => {
    // upstream: twisted/test/test_defer.py RaceTests.test_resultAfterCancel (inputs' results are not propagated)
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    race([a, b]);
    a.callback('won');
    expect(outcome(a)).toEqual({ value: undefined });
    expect(outcome(b)).toEqual({ value: undefined }); // its CancelledError was consumed too
  });

  it('cancels every input when the race is cancelled', () => {
    // upstream: twisted/test/test_defer.py RaceTests.test_cancel
    const a = new Deferred<string>();
    const b = new Deferred<string>();
    const d = race([a, b]);
    d.cancel();
    const group = outcome(d)?.error as FailureGroup;
    expect(group).toBeInstanceOf(FailureGroup);
    expect(group.failures.every((f) => f.check(CancelledError) !== null)).toBe(true);
    handled(d);
  });
});
