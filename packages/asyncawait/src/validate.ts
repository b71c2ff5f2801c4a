/**
 * async/await model — argument checks. Each throws a TaskError with code EINVAL;
 * the tasks call them inside their async bodies, so a bad argument becomes a
 * rejection like every other failure, never a synchronous throw.
 * Read src/payload.ts next.
 */
import { TaskError } from './errors.js';

/** Parses `url`, accepting only `http:` and `https:`. */
export function httpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new TaskError('EINVAL', `not a URL: ${JSON.stringify(url)}`, { cause: err });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TaskError('EINVAL', `unsupported scheme ${parsed.protocol} (want http: or https:)`);
  }
  return parsed;
}

/** Checks that `value` is an integer in [min, max]. */
export function checkInteger(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TaskError(
      'EINVAL',
      `${name} must be an integer in [${min}, ${max}], got ${String(value)}`,
    );
  }
}

/** Checks an optional duration in milliseconds: absent, or a finite number ≥ 0. */
export function checkMs(name: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new TaskError(
      'EINVAL',
      `${name} must be a number of milliseconds ≥ 0, got ${String(value)}`,
    );
  }
}

/** fetchPage's and fetchAll's numeric options. */
export function checkFetchOptions(o: {
  timeoutMs?: unknown;
  maxBodyBytes?: unknown;
  concurrency?: unknown;
}): void {
  checkMs('timeoutMs', o.timeoutMs);
  if (o.maxBodyBytes !== undefined) checkInteger('maxBodyBytes', o.maxBodyBytes, 0);
  if (o.concurrency !== undefined) checkInteger('concurrency', o.concurrency, 1);
}

/** serveEcho's options. */
export function checkServerOptions(o: {
  port: unknown;
  highWaterMark: unknown;
  graceMs: unknown;
}): void {
  checkInteger('port', o.port, 0, 65535);
  checkInteger('highWaterMark', o.highWaterMark, 1);
  checkMs('graceMs', o.graceMs);
}

/** echoClient's options: `messages` ≥ 0, `size` ≥ 1, `connections` ≥ 1 (SPEC.md T4.3). */
export function checkClientOptions(o: {
  port: unknown;
  messages: unknown;
  size: unknown;
  connections: unknown;
  timeoutMs: unknown;
}): void {
  checkInteger('port', o.port, 1, 65535);
  checkInteger('messages', o.messages, 0);
  checkInteger('size', o.size, 1);
  checkInteger('connections', o.connections, 1);
  checkMs('timeoutMs', o.timeoutMs);
}
