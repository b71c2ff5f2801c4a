/**
 * asyncio-callback model: the small helpers of the echo tasks, kept out of the exhibit.
 * Contract: argument checks return the EINVAL error or null; `samePrefix` compares a
 * received chunk with the bytes expected at that offset.
 * Lineage: none upstream; SPEC.md T3/T4. Read echo.ts next.
 */
import type { NetError } from '../net/net-error.js';
import type { EchoClientOptions, EchoServerOptions } from './echo-stats.js';
import { checkCount, checkTimeout, firstError } from './options.js';

export function checkEchoServer(o: EchoServerOptions): NetError | null {
  return firstError(
    checkCount('port', o.port, 0, true),
    checkCount('highWaterMark', o.highWaterMark, 0, true),
    checkTimeout(o.graceMs),
  );
}

export function checkEchoClient(o: EchoClientOptions): NetError | null {
  return firstError(
    checkCount('port', o.port, 0),
    checkCount('messages', o.messages, 0),
    checkCount('size', o.size, 1),
    checkCount('connections', o.connections, 1, true),
    checkTimeout(o.timeoutMs),
  );
}

/** Whether `chunk` is exactly `expected[offset .. offset + chunk.length]`. */
export function samePrefix(expected: Uint8Array, offset: number, chunk: Uint8Array): boolean {
  if (offset + chunk.length > expected.length) return false;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== expected[offset + i]) return false;
  return true;
}
