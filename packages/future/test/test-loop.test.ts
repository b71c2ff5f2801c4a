// asyncio's Future model — TestLoop, the virtual-clock loop (BEHAVIOURS.md point 16).
// Mirrors CPython's Lib/test/test_asyncio/utils.py TestLoop (new_test_loop, advance_time) as used
// throughout test_base_events.py and test_tasks.py. Read executor.test.ts next.
import { describe, expect, it } from 'vitest';
import { EventLoop, TestLoop } from '../src/index.js';

describe('TestLoop time()', () => {
  it('is virtual: starts at 0 and moves only with advanceTime', async () => {
    // upstream: Lib/test/test_asyncio/utils.py TestLoop.time / advance_time
    const loop = new TestLoop();
    expect(loop).toBeInstanceOf(EventLoop);
    expect(loop.time()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(loop.time()).toBe(0);
    loop.advanceTime(250);
    expect(loop.time()).toBe(250);
    expect(() => loop.advanceTime(-1)).toThrow(RangeError);
  });
});

describe('TestLoop driving', () => {
  it('runs nothing until the test drives it', async () => {
    // upstream: Lib/test/test_asyncio/utils.py TestLoop (callbacks run only in _run_once)
    const loop = new TestLoop();
    const seen: string[] = [];
    loop.callSoon(() => seen.push('soon'));
    loop.callLater(0, () => seen.push('timer'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([]);
    loop.runUntilIdle();
    expect(seen).toEqual(['soon', 'timer']);
  });

  it('runOnce() runs exactly one iteration and returns how many callbacks ran', () => {
    // upstream: Lib/test/test_asyncio/utils.py run_once / Lib/asyncio/base_events.py _run_once
    const loop = new TestLoop();
    const seen: number[] = [];
    const chain = (n: number): void => {
      seen.push(n);
      if (n < 3) loop.callSoon(chain, n + 1);
    };
    loop.callSoon(chain, 1);
    expect(loop.runOnce()).toBe(1);
    expect(seen).toEqual([1]);
    expect(loop.runOnce()).toBe(1);
    expect(seen).toEqual([1, 2]);
    expect(loop.runUntilIdle()).toBe(1);
    expect(seen).toEqual([1, 2, 3]);
    expect(loop.runOnce()).toBe(0);
  });

  it('runUntilIdle() refuses to spin forever on a callback that always reschedules itself', () => {
    // upstream: none (a guard of this port: a busy loop in a test fails instead of hanging)
    const loop = new TestLoop();
    const spin = (): void => {
      loop.callSoon(spin);
    };
    loop.callSoon(spin);
    expect(() => loop.runUntilIdle(50)).toThrow('TestLoop not idle after 50 iterations');
  });
});

describe('TestLoop advanceTime()', () => {
  it('runs due timers in order, each at its own due time, and leaves later ones pending', () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_call_later (on a TestLoop)
    const loop = new TestLoop();
    const seen: [string, number][] = [];
    loop.callLater(30, () => seen.push(['c', loop.time()]));
    loop.callLater(10, () => {
      seen.push(['a', loop.time()]);
      loop.callLater(10, () => seen.push(['a+10', loop.time()]));
    });
    loop.callLater(100, () => seen.push(['late', loop.time()]));
    loop.advanceTime(50);
    expect(seen).toEqual([
      ['a', 10],
      ['a+10', 20],
      ['c', 30],
    ]);
    expect(loop.time()).toBe(50);
    loop.advanceTime(49);
    expect(seen).toHaveLength(3);
    loop.advanceTime(1);
    expect(seen.at(-1)).toEqual(['late', 100]);
  });

  it('runs the callSoon chains that timers start before it returns', () => {
    // upstream: Lib/test/test_asyncio/utils.py TestLoop.advance_time + run_briefly
    const loop = new TestLoop();
    const f = loop.createFuture<string>();
    loop.callLater(5, () => f.setResult('x'));
    const seen: string[] = [];
    f.addDoneCallback((done) => seen.push(done.result()));
    loop.advanceTime(5);
    expect(seen).toEqual(['x']);
  });
});

describe('TestLoop runUntilComplete()', () => {
  it('jumps the virtual clock to each next timer, so long sleeps complete at once', async () => {
    // upstream: Lib/test/test_asyncio/utils.py TestLoop (the clock advances to the next timer when idle)
    const loop = new TestLoop();
    const f = loop.createFuture<number>();
    loop.callLater(60_000, () => loop.callLater(60_000, () => f.setResult(loop.time())));
    const started = performance.now();
    expect(await loop.runUntilComplete(f)).toBe(120_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(loop.time()).toBe(120_000);
  });

  it('waits for real I/O or native Promises when no timer is pending', async () => {
    // upstream: Lib/test/test_asyncio/utils.py TestLoop (select() with a real timeout when no timer)
    const loop = new TestLoop();
    const f = loop.createFuture<string>();
    setTimeout(() => f.setResult('from Node'), 5);
    expect(await loop.runUntilComplete(f)).toBe('from Node');
    expect(loop.time()).toBe(0);
  });
});
