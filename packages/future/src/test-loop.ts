/**
 * asyncio's Future model — TestLoop, an EventLoop on a virtual clock, driven by hand.
 *
 * Contract: `time()` starts at 0 and moves only through `advanceTime(ms)`; nothing runs unless
 * the test drives the loop: `runOnce()` runs exactly one iteration (one batch), `runUntilIdle()`
 * runs iterations until no callback is ready and no timer is due, `advanceTime(ms)` moves the
 * clock timer by timer (each timer sees `time()` equal to its due time) and runs what falls due.
 * `runUntilComplete(f)` drives the loop itself, jumping the clock to the next timer whenever the
 * loop is idle, so timer-heavy code completes at once, deterministically.
 *
 * Lineage: CPython's `test_utils.TestLoop` / `new_test_loop` with `advance_time`, and
 * `test_utils.run_briefly`/`run_once`; Twisted's `task.Clock` for stepping timers in order.
 *
 * Read next: ../test/test-loop.test.ts.
 */
import type { Future } from './future.js';
import { ensureFuture } from './interop.js';
import type { EventLoopOptions } from './loop.js';
import { EventLoop } from './loop.js';

/** A bound on busy loops: a loop that is never idle is a bug in the test, not a hang. */
const DEFAULT_MAX_ITERATIONS = 100_000;

/**
 * An EventLoop whose clock and iterations are in the test's hands.
 *
 * @example
 * ```ts
 * const loop = new TestLoop();
 * const seen: number[] = [];
 * loop.callLater(100, () => seen.push(loop.time()));
 * loop.advanceTime(99);  // seen: []
 * loop.advanceTime(1);   // seen: [100]
 * ```
 */
export class TestLoop extends EventLoop {
  private _now = 0;

  constructor(opts?: EventLoopOptions) {
    super(opts);
  }

  /** The virtual time, in milliseconds (starts at 0). */
  override time(): number {
    return this._now;
  }

  /** Run exactly one loop iteration (due timers, then the batch); returns how many ran. */
  runOnce(): number {
    return this._runOnce();
  }

  /**
   * Run iterations until no callback is ready and no timer is due at the current virtual time.
   * Returns how many callbacks ran; throws after `maxIterations` iterations (a busy loop).
   */
  runUntilIdle(maxIterations = DEFAULT_MAX_ITERATIONS): number {
    let ran = 0;
    for (let i = 0; this._hasWork(); i++) {
      if (i >= maxIterations)
        throw new Error(`TestLoop not idle after ${maxIterations} iterations`);
      ran += this._runOnce();
    }
    return ran;
  }

  /**
   * Move the virtual clock forward by `ms`, running everything that falls due on the way, each
   * timer at its own due time (so timers scheduled by timers land where they would in real time).
   */
  advanceTime(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advanceTime needs ms >= 0, got ${ms}`);
    const target = this._now + ms;
    this.runUntilIdle();
    for (let next = this._nextTimerWhen(); next !== undefined && next <= target; ) {
      this._now = Math.max(this._now, next);
      this.runUntilIdle();
      next = this._nextTimerWhen();
    }
    this._now = target;
    this.runUntilIdle();
  }

  /**
   * Drive the loop until `f` is done: run until idle, then jump the clock to the next timer; when
   * there is no timer, yield one macrotask so real I/O and native Promises can progress.
   */
  override runUntilComplete<T>(f: Future<T> | PromiseLike<T>): Promise<T> {
    const future = ensureFuture(f, { loop: this });
    const outcome = super.runUntilComplete(future);
    // The outcome is handed back after driving; mark it handled meanwhile.
    outcome.catch(() => {});
    return this._drive(future).then(() => outcome);
  }

  private async _drive(future: Future<unknown>): Promise<void> {
    for (;;) {
      this.runUntilIdle();
      if (future.done() || !this.isRunning()) return;
      const next = this._nextTimerWhen();
      if (next !== undefined) this._now = Math.max(this._now, next);
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Nothing is scheduled with Node: the test drives this loop. */
  protected override _wakeup(): void {}

  private _hasWork(): boolean {
    if (this._hasReady()) return true;
    const next = this._nextTimerWhen();
    return next !== undefined && next <= this._now;
  }
}
