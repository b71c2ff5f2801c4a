/**
 * Twisted model — the tasks' argument types, defaults and checks. A bad argument
 * is an InvalidArgument (code EINVAL) that the task reports through a failed
 * Deferred, never a synchronous throw. Shapes as comparisons/SPEC.md.
 * Read ../fetch.ts and ../echo.ts, the exhibit, first.
 */
import type { Deferred } from '../../deferred.js';

/** A fetched page (T1): header names lower-cased, every value a list in arrival order. */
export interface Page {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

export interface FetchOptions {
  /** One deadline over connect + headers + body, in ms (TimeoutError, ETIMEDOUT). */
  timeoutMs?: number;
  /** A longer body fails with ETOOLARGE (default 64 MiB). */
  maxBodyBytes?: number;
  headers?: Record<string, string>;
}

export interface FetchAllOptions extends FetchOptions {
  /** At most this many requests in flight (default 8). */
  concurrency?: number;
}

export interface EchoServerOptions {
  host?: string;
  port?: number;
  /** Pending output per connection above which the server stops reading (default 64 KiB). */
  highWaterMark?: number;
  /** How long close() waits before aborting connections still open (default 1,000 ms). */
  graceMs?: number;
}

export interface EchoServerStats {
  connections: number;
  bytesEchoed: number;
  peakBufferedBytes: number;
}

/** A running echo server: where it listens, and how to stop it. */
export interface EchoServer {
  address: { host: string; port: number };
  close(): Deferred<EchoServerStats>;
}

export interface EchoClientOptions {
  host?: string;
  port: number;
  messages: number;
  size: number;
  connections?: number;
  timeoutMs?: number;
}

export interface EchoClientStats {
  messages: number;
  bytes: number;
  mismatches: 0;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_GRACE_MS = 1000;

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
