/**
 * resourceFuture: a Future whose cancel() releases its socket at once, as asyncio's
 * Task.cancel() acts at once on the Future it waits for (Lib/asyncio/tasks.py).
 * Read tcp.test.ts next.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourceFuture } from '../../src/net/resource-future.js';
import { TestLoop } from '../../src/test-loop.js';

let loop: TestLoop;
beforeEach(() => {
  loop = new TestLoop();
});
afterEach(() => loop.close());

describe('resourceFuture().cancel()', () => {
  it('releases the resource synchronously, once, and still schedules the done-callbacks', () => {
    // upstream: tasks.py Task.cancel (cancels the awaited future at once);
    // test_futures.py test_cancel
    const f = resourceFuture<number>(loop);
    let released = 0;
    f.release = () => released++;
    const seen: boolean[] = [];
    f.addDoneCallback((d) => seen.push(d.cancelled()));
    expect(f.cancel('bye')).toBe(true);
    expect(released).toBe(1);
    expect(seen).toEqual([]);
    loop.runUntilIdle();
    expect(seen).toEqual([true]);
    expect(f.cancel()).toBe(false);
    expect(released).toBe(1);
    expect(() => f.result()).toThrow('bye');
  });

  it('does not release a Future that is already done', () => {
    // upstream: test_futures.py test_result (cancel() after set_result returns False)
    const f = resourceFuture<number>(loop);
    let released = 0;
    f.release = () => released++;
    f.setResult(1);
    expect(f.cancel()).toBe(false);
    expect(released).toBe(0);
  });
});
