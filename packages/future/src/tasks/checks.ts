/**
 * asyncio-callback model: argument checks of the tasks.
 * Contract: each check returns the EINVAL error for a bad argument, or null; a task hands
 * that error back as `failed(loop, error)`, a Future already failed with it (SPEC.md: a
 * bad argument is never thrown).
 * Lineage: none upstream; SPEC.md's EINVAL rules. Read fetch.ts and echo.ts next.
 */
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import { NetError } from '../net/net-error.js';
import type {
  EchoClientOptions,
  EchoServerOptions,
  FetchAllOptions,
  FetchOptions,
} from './options.js';

/** `value` must be an integer >= `min` (or absent, when `optional`). */
function checkCount(name: string, value: unknown, min: number, optional = false): NetError | null {
  if (optional && value === undefined) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return null;
  return new NetError('EINVAL', `${name} must be an integer >= ${min}, not ${String(value)}`);
}

/** A duration in ms, when given, must be a number >= 0. */
function checkMs(name: string, value: unknown): NetError | null {
  if (value === undefined || (typeof value === 'number' && value >= 0)) return null;
  return new NetError('EINVAL', `${name} must be a number >= 0, not ${String(value)}`);
}

/** The first error of several checks, or null. */
function firstError(...checks: (NetError | null)[]): NetError | null {
  return checks.find((e) => e !== null) ?? null;
}

/** fetchPage: `timeoutMs` (the URL and `maxBodyBytes` are request()'s to check). */
export function checkFetch(o: FetchOptions): NetError | null {
  return checkMs('timeoutMs', o.timeoutMs);
}

/** fetchAll: `concurrency` an integer >= 1, `timeoutMs` >= 0. */
export function checkFetchAll(o: FetchAllOptions): NetError | null {
  return firstError(
    checkCount('concurrency', o.concurrency, 1, true),
    checkMs('timeoutMs', o.timeoutMs),
  );
}

/** serveEcho: `port` and `highWaterMark` integers >= 0, `graceMs` >= 0. */
export function checkEchoServer(o: EchoServerOptions): NetError | null {
  return firstError(
    checkCount('port', o.port, 0, true),
    checkCount('highWaterMark', o.highWaterMark, 0, true),
    checkMs('graceMs', o.graceMs),
  );
}

/** echoClient: SPEC.md T4.3's bounds, plus `port` and `timeoutMs`. */
export function checkEchoClient(o: EchoClientOptions): NetError | null {
  return firstError(
    checkCount('port', o.port, 0),
    checkCount('messages', o.messages, 0),
    checkCount('size', o.size, 1),
    checkCount('connections', o.connections, 1, true),
    checkMs('timeoutMs', o.timeoutMs),
  );
}

/** A Future of `loop` already failed with `error`: how a task reports a bad argument. */
export function failed<T>(loop: EventLoop, error: Error): Future<T> {
  const future = loop.createFuture<T>();
  future.setException(error);
  return future;
}
