// Deferreds — the semantic tests of DeferredQueue. Contract: BEHAVIOURS.md 44.
// Lineage: twisted/test/test_defer.py (OtherPrimitivesTests.testQueue and the cancel cases).
// Read next: unhandled.test.ts.
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  DeferredQueue,
  type Failure,
  QueueOverflow,
  QueueUnderflow,
} from '../src/index.js';

describe('DeferredQueue', () => {
  it('hands a put item to the oldest waiting get', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testQueue
    const q = new DeferredQueue<string>();
    const got: string[] = [];
    q.get().addCallback((v) => got.push(`first:${v}`));
    q.get().addCallback((v) => got.push(`second:${v}`));
    q.put('a');
    q.put('b');
    expect(got).toEqual(['first:a', 'second:b']);
    expect(q.waiting).toHaveLength(0);
  });

  it('buffers items nobody waits for; get() then returns an already-fired Deferred', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testQueue
    const q = new DeferredQueue<number>();
    q.put(1);
    q.put(2);
    const d = q.get();
    expect(d.called).toBe(true);
    let v: unknown;
    d.addCallback((x) => {
      v = x;
    });
    expect(v).toBe(1);
    expect(q.pending).toEqual([2]);
  });

  it('returns a pending Deferred when nothing is buffered', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testQueue
    const q = new DeferredQueue<number>();
    expect(q.get().called).toBe(false);
    expect(q.waiting).toHaveLength(1);
  });

  it('throws QueueOverflow on put beyond size', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testQueue (size)
    const q = new DeferredQueue<number>(1);
    q.put(1);
    expect(() => q.put(2)).toThrow(QueueOverflow);
    expect(q.pending).toEqual([1]);
  });

  it('throws QueueUnderflow on get beyond backlog', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.testQueue (backlog)
    const q = new DeferredQueue<number>(undefined, 1);
    q.get();
    expect(() => q.get()).toThrow(QueueUnderflow);
  });

  it('removes a cancelled pending get from the waiters', () => {
    // upstream: twisted/test/test_defer.py OtherPrimitivesTests.test_cancelQueueAfterGet
    const q = new DeferredQueue<string>();
    const d = q.get();
    let error: unknown;
    d.addErrback((f: Failure) => {
      error = f.value;
    });
    d.cancel();
    expect(error).toBeInstanceOf(CancelledError);
    expect(q.waiting).toHaveLength(0);
    q.put('kept');
    expect(q.pending).toEqual(['kept']);
  });
});
