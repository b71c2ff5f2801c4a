/**
 * async/await model — a deadline as an AbortSignal, kept at any length.
 * Contract: `new Deadline(timeoutMs, signal)` gives one `signal` that aborts when the
 * caller's does (a cancel) or when `timeoutMs` has passed (reason: a TimeoutError with
 * code ETIMEDOUT and task-spec's message); `timeoutMs` undefined or Infinity: never.
 * Node's timers hold at most MAX_TIMER_MS (2^31 − 1 ms; `AbortSignal.timeout` and
 * `setTimeout` turn a longer delay into 1 ms), so a longer wait is re-armed in steps on
 * the monotonic clock (comparisons/SPEC.md, "Arguments": far deadlines are honoured).
 * `clear()` stops the timer once the task is over, so nothing of it is left.
 * Lineage: the DOM's AbortController/AbortSignal as Node adopted it for cancellation
 * (`http.request`, `net.connect`, `events.once` take `signal`); `asyncio.timeout()`
 * (Lib/asyncio/timeouts.py) is the same idea for coroutines. Read http.ts next.
 */
import { deadlineMessage, MAX_TIMER_MS } from '@async-rosetta/task-spec';
import { TimeoutError } from './errors.js';

/** The caller's signal bounded by `timeoutMs`. */
export class Deadline {
  /** Aborts on the caller's cancel or when the deadline passes. */
  readonly signal: AbortSignal;
  readonly #expired = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @example
   * const deadline = new Deadline(5_000, callerSignal);
   * try { await once(socket, 'connect', { signal: deadline.signal }); } finally { deadline.clear(); }
   */
  constructor(timeoutMs: number | undefined, signal?: AbortSignal) {
    const expired = this.#expired.signal;
    this.signal = signal ? AbortSignal.any([signal, expired]) : expired;
    if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
      this.#arm(performance.now() + timeoutMs, timeoutMs);
    }
  }

  /** Stops the timer; the signal then aborts only on the caller's cancel. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(due: number, timeoutMs: number): void {
    const left = due - performance.now();
    if (left <= 0) {
      this.#timer = undefined;
      this.#expired.abort(new TimeoutError(deadlineMessage(timeoutMs)));
      return;
    }
    this.#timer = setTimeout(() => this.#arm(due, timeoutMs), Math.min(left, MAX_TIMER_MS));
  }
}
