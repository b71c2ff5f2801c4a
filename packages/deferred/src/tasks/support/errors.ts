/**
 * Twisted model, task support — two failures the tasks report in the words every model uses
 * (not the model): a deadline that passed (ETIMEDOUT, task-spec's message), and an echo server
 * that closed before the echo was whole (ECONNRESET).
 * Contract: comparisons/SPEC.md "Error vocabulary", T1.6, T4.3.
 * Lineage: twisted/internet/defer.py (Deferred.addTimeout's onTimeoutCancel) and
 * twisted/internet/error.py (ConnectionDone, ConnectionLost). Read ../echo.ts, the exhibit, first.
 */
import { deadlineMessage } from '@async-rosetta/task-spec';
import { CancelledError, TimeoutError } from '../../errors.js';
import { Failure } from '../../failure.js';
import { ConnectionDone, ConnectionLost } from '../../internet-errors.js';

/**
 * addTimeout's `onTimeoutCancel`: the CancelledError of a deadline becomes a TimeoutError
 * (ETIMEDOUT) saying which deadline passed; a result that won the race passes through.
 *
 * @example
 * agent.request('GET', url).addTimeout(5000, reactor, timedOut);
 */
export function timedOut(result: unknown, ms: number): unknown {
  if (!(result instanceof Failure)) return result;
  result.trap(CancelledError);
  throw new TimeoutError(deadlineMessage(ms));
}

/** What an echo connection that ended early fails with: a clean close is ECONNRESET here. */
export function closedEarly(error: unknown): unknown {
  return error instanceof ConnectionDone
    ? new ConnectionLost('the server closed the connection before the echo was complete')
    : error;
}
