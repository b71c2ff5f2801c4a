/**
 * asyncio's Future model — Handle and TimerHandle, the loop's receipts for scheduled callbacks.
 *
 * Contract: a Handle is returned by `callSoon`; `cancel()` before it runs means it never runs
 * (idempotent); when the loop runs it, an exception thrown by the callback goes to the loop's
 * exception handler as "Exception in callback …" and never stops the loop. A TimerHandle (from
 * `callLater`/`callAt`) adds `when()`, its due time in the loop's clock (milliseconds).
 *
 * Lineage: asyncio `events.py` (`Handle`, `TimerHandle`, `Handle._run`).
 *
 * Read next: ./loop.ts.
 */
import { inspect } from 'node:util';
import type { EventLoop } from './loop.js';
import { formatCallback } from './repr.js';

// biome-ignore lint/suspicious/noExplicitAny: a stored callback takes whatever args it was scheduled with
type AnyCallback = (...args: any[]) => unknown;

/**
 * A callback scheduled on an EventLoop with `callSoon` (or a done-callback of a Future).
 *
 * @example
 * ```ts
 * const h = loop.callSoon(() => console.log('never printed'));
 * h.cancel();
 * h.cancelled(); // true
 * ```
 */
export class Handle {
  protected _callback: AnyCallback | null;
  protected _args: readonly unknown[] | null;
  protected _cancelled = false;
  protected readonly _loop: EventLoop;

  constructor(callback: AnyCallback, args: readonly unknown[], loop: EventLoop) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
  }

  /** Prevent the callback from running, if it has not run yet. Idempotent. */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    // Drop the references, as asyncio does, so a cancelled handle keeps nothing alive.
    this._callback = null;
    this._args = null;
  }

  /** True once `cancel()` was called. */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** The loop this handle belongs to. */
  getLoop(): EventLoop {
    return this._loop;
  }

  /**
   * Run the callback now (the loop calls this; user code should not). A thrown exception is
   * passed to `loop.callExceptionHandler` with the message "Exception in callback …".
   */
  _run(): void {
    const callback = this._callback;
    if (callback === null) return;
    try {
      callback(...(this._args as unknown[]));
    } catch (exc) {
      this._loop.callExceptionHandler({
        message: `Exception in callback ${formatCallback(callback, this._args ?? [])}`,
        exception: exc,
        handle: this,
      });
    }
  }

  protected _reprInfo(): string[] {
    const info: string[] = [this.constructor.name];
    if (this._cancelled) info.push('cancelled');
    else if (this._callback !== null) info.push(formatCallback(this._callback, this._args ?? []));
    return info;
  }

  /** `<Handle callback(args)>` or `<Handle cancelled>`, like asyncio's repr. */
  toString(): string {
    return `<${this._reprInfo().join(' ')}>`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * A callback scheduled for a point in time with `callLater`/`callAt`.
 *
 * @example
 * ```ts
 * const t = loop.callLater(50, () => console.log('later'));
 * t.when() - loop.time(); // ≈ 50
 * ```
 */
export class TimerHandle extends Handle {
  protected readonly _when: number;
  /** True while the handle sits in the loop's timer queue (asyncio's `_scheduled`). */
  _scheduled = false;

  constructor(when: number, callback: AnyCallback, args: readonly unknown[], loop: EventLoop) {
    super(callback, args, loop);
    this._when = when;
  }

  /** The absolute due time, in milliseconds on the loop's clock (`loop.time()`). */
  when(): number {
    return this._when;
  }

  override cancel(): void {
    if (this._cancelled) return;
    super.cancel();
    this._loop._timerHandleCancelled(this);
  }

  protected override _reprInfo(): string[] {
    const info = super._reprInfo();
    info.splice(1, 0, `when=${this._when}`);
    return info;
  }
}
