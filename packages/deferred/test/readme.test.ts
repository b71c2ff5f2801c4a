// Deferreds — the README's first snippet, run as written, so the README cannot drift from the
// code. Contract: packages/deferred/README.md "The idea". Lineage: twisted/test/test_defer.py
// (DeferredTests.testCallbackErrors has the same shape). Read next: deferred.test.ts.
import { describe, expect, it } from 'vitest';
import { Deferred, type Failure } from '../src/index.js';

describe('README', () => {
  it('runs the chain of the README snippet inside callback()', () => {
    // upstream: twisted/test/test_defer.py DeferredTests.testCallbackErrors (the same shape)
    const d = new Deferred<number>();
    const seen: unknown[] = [];
    d.addCallback((n) => n * 2)
      .addCallback((n) => {
        if (n > 10) throw new RangeError('too big');
        return n;
      })
      .addErrback((f: Failure) => {
        f.trap(RangeError); // any other error goes on down the chain
        return 10;
      })
      .addCallback((n) => seen.push(n));
    d.callback(21); // seen is now [10]: everything ran inside callback()
    expect(seen).toEqual([10]);
  });
});
