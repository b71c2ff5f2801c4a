/**
 * Twisted model — the tasks' argument types, defaults and checks. A bad argument
 * is an InvalidArgument (code EINVAL) that the task reports through a failed
 * Deferred, never a synchronous throw. The plain-data shapes and defaults are
 * @async-rosetta/task-spec's (comparisons/SPEC.md), re-exported; only EchoServer,
 * whose close() returns a Deferred, is this model's own.
 * Read ../fetch.ts and ../echo.ts, the exhibit, first.
 */
import type { EchoAddress, EchoClientOptions, EchoServerStats } from '@async-rosetta/task-spec';
import type { Deferred } from '../../deferred.js';

export type * from '@async-rosetta/task-spec';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BODY_BYTES,
} from '@async-rosetta/task-spec';

/** A running echo server: where it listens, and a close() that fires with its stats. */
export interface EchoServer {
  address: EchoAddress;
  close(): Deferred<EchoServerStats>;
}

/** A bad argument to a task (code EINVAL). */
export class InvalidArgument extends Error {
  override readonly name = 'InvalidArgument';
  readonly code = 'EINVAL';
}

function checkInteger(name: string, value: unknown, min: number): void {
  if (!Number.isInteger(value) || (value as number) < min) {
    throw new InvalidArgument(`${name} must be an integer ≥ ${min}, not ${String(value)}`);
  }
}

/** Throws InvalidArgument unless `concurrency` is an integer ≥ 1. */
export function checkConcurrency(concurrency: number): void {
  checkInteger('concurrency', concurrency, 1);
}

/** Throws InvalidArgument unless messages ≥ 0, size ≥ 1, connections ≥ 1 (all integers). */
export function checkEchoClientOptions(o: EchoClientOptions): void {
  checkInteger('messages', o.messages, 0);
  checkInteger('size', o.size, 1);
  checkInteger('connections', o.connections ?? 1, 1);
  checkInteger('port', o.port, 0);
}
