/**
 * The failures that are not any model's own, written once: a bad argument, an echo that
 * came back different, a body over its limit, a deadline. Every model reports them through
 * its own channel (a failed Deferred, a Future's exception, a throw into the generator, a
 * rejected Promise); only the error value, its `code` and its one-line message are shared,
 * so the same bad input reads the same in every model.
 * Contract: comparisons/SPEC.md, "Error vocabulary". Lineage: Node's `err.code` convention
 * (lib/internal/errors.js), which the vocabulary extends. Read options.ts next.
 */
import type { ErrorCode } from './index.js';

/** A task failure carrying a `code` from the shared vocabulary. */
export class TaskError extends Error {
  override name = 'TaskError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** EINVAL: `message` says which argument and what it must be. */
export function invalidArgument(message: string): TaskError {
  return new TaskError('EINVAL', message);
}

/** EPROTO: message `m` on connection `c` came back different. */
export function echoMismatch(connection: number, message: number): TaskError {
  return new TaskError(
    'EPROTO',
    `echo mismatch: connection ${connection}, message ${message} came back different`,
  );
}

/** ETOOLARGE: a response body longer than `limit` bytes. */
export function bodyTooLarge(limit: number): TaskError {
  return new TaskError('ETOOLARGE', `response body over maxBodyBytes (${limit} bytes)`);
}

/** The one message of every model's ETIMEDOUT: which deadline passed. */
export function deadlineMessage(timeoutMs: number): string {
  return `deadline of ${timeoutMs} ms passed`;
}
