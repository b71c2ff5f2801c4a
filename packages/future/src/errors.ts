/**
 * asyncio's Future model — the error vocabulary of Futures and the event loop.
 *
 * Contract: every error a Future or the loop raises by itself is one of these three classes,
 * each with `name` set (and `code` where the house vocabulary has one).
 *
 * Lineage: asyncio `exceptions.py` (CancelledError, InvalidStateError, TimeoutError), which in
 * turn mirror PEP 3148's `concurrent.futures` errors.
 *
 * Read next: ./future.ts.
 */

/**
 * The Future (or the operation it stands for) was cancelled. `result()` and `exception()` of a
 * cancelled Future throw it; its `message` is the `msg` given to `cancel(msg)` (empty when none).
 *
 * @example
 * ```ts
 * const f = loop.createFuture<number>();
 * f.cancel('no longer needed');
 * try { f.result(); } catch (e) { (e as CancelledError).message; } // 'no longer needed'
 * ```
 */
export class CancelledError extends Error {
  override name = 'CancelledError';
  readonly code = 'ECANCELLED';
  /** The `msg` passed to `cancel(msg)`, or `undefined` (asyncio's `CancelledError.args`). */
  readonly cancelMessage: string | undefined;

  constructor(msg?: string, options?: ErrorOptions) {
    super(msg ?? '', options);
    this.cancelMessage = msg;
  }
}

/** The operation is not allowed in the Future's current state (e.g. a second `setResult`). */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** An operation ran out of time (asyncio's `TimeoutError`, raised by `waitFor` and friends). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';

  constructor(message = 'timed out', options?: ErrorOptions) {
    super(message, options);
  }
}
