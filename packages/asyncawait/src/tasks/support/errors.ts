/**
 * async/await model — the errors a task rejects with, and the one place where Node's
 * errors are mapped onto the shared vocabulary of comparisons/SPEC.md.
 * Contract: `TaskError` is task-spec's (EINVAL, EPROTO, ETOOLARGE, …); `CancelledError`
 * (ECANCELLED) and `TimeoutError` (ETIMEDOUT) are TaskErrors named as asyncio names them;
 * `toTaskError(err, signal)` maps whatever a task caught onto the vocabulary.
 * Lineage: a rejected Promise is the async function's error channel (PEP 492's `raise`
 * inside `async def`); the names are Lib/asyncio/exceptions.py's. Read deadline.ts next.
 */
import { TaskError } from '@async-rosetta/task-spec';

/** The caller gave up: its AbortSignal fired. */
export class CancelledError extends TaskError {
  override name = 'CancelledError';

  constructor(message = 'cancelled', options?: ErrorOptions) {
    super('ECANCELLED', message, options);
  }
}

/** The caller's deadline (`timeoutMs`) passed. */
export class TimeoutError extends TaskError {
  override name = 'TimeoutError';

  constructor(message = 'timed out', options?: ErrorOptions) {
    super('ETIMEDOUT', message, options);
  }
}

/**
 * Maps whatever a task caught onto the vocabulary. If `signal` has fired, the failure is
 * the abort (a cancel or a deadline), whatever error the torn-down socket reported on its
 * way out. Node's HTTP parser errors (`HPE_*`) become EPROTO, except HPE_HEADER_OVERFLOW,
 * which is ETOOLARGE. Everything else, Node's own codes included (ECONNREFUSED,
 * ECONNRESET, …), passes through unchanged.
 *
 * @example
 * try { ... } catch (err) { throw toTaskError(err, signal); }
 */
export function toTaskError(err: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return abortError(signal.reason);
  if (err instanceof TaskError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('HPE_')) {
    const mapped = code === 'HPE_HEADER_OVERFLOW' ? 'ETOOLARGE' : 'EPROTO';
    return new TaskError(mapped, `malformed response (${code})`, { cause: err });
  }
  return err;
}

/**
 * The error for a fired signal: the deadline's own TimeoutError (or any TaskError) as it
 * is; a reason named 'TimeoutError' (`AbortSignal.timeout`'s) as ETIMEDOUT; else a cancel.
 */
export function abortError(reason: unknown): TaskError {
  if (reason instanceof TaskError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new TimeoutError(undefined, { cause: reason });
  }
  return new CancelledError(undefined, { cause: reason });
}
