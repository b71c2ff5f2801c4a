/**
 * The shapes and defaults of the four tasks of comparisons/SPEC.md, written once.
 * Every model's tasks take and give these plain-data shapes; what differs per
 * model — the handle a task returns (Deferred, Future, Task, Promise) and how it
 * is cancelled — each model adds on top. Nothing here runs but four constants.
 * Read comparisons/SPEC.md for the meaning; read a model's src/tasks/ next.
 */

/** The shared error vocabulary (SPEC.md, "Error vocabulary"); Node's own codes pass through. */
export type ErrorCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ETIMEDOUT'
  | 'ECANCELLED'
  | 'ETOOLARGE'
  | 'EPROTO'
  | 'EINVAL'
  | (string & {});

/** T1's result. Header names lower-cased; every value a list, repeated headers in arrival order. */
export interface Page {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

export interface FetchOptions {
  /** One deadline over connect + headers + body; past it → ETIMEDOUT. */
  timeoutMs?: number;
  /** Default 64 MiB; a longer body → ETOOLARGE. */
  maxBodyBytes?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface FetchAllOptions extends FetchOptions {
  /** At most this many requests in flight (default 8). */
  concurrency?: number;
}

export interface EchoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Per-connection pending output above which the server stops reading (default 64 KiB). */
  highWaterMark?: number;
  /** How long close() lets open connections finish before destroying them (default 1,000 ms). */
  graceMs?: number;
}

/** Where an echo server listens. */
export interface EchoAddress {
  host: string;
  port: number;
}

export interface EchoServerStats {
  /** Connections accepted over the server's life. */
  connections: number;
  /** Bytes written back over all connections. */
  bytesEchoed: number;
  /** The largest pending output of any one connection at any time. */
  peakBufferedBytes: number;
}

export interface EchoClientOptions {
  /** Default 127.0.0.1. */
  host?: string;
  port: number;
  /** Messages per connection, sent one at a time. */
  messages: number;
  /** Bytes per message. */
  size: number;
  /** Default 1. */
  connections?: number;
  /** One deadline over the whole run; past it → ETIMEDOUT. */
  timeoutMs?: number;
}

export interface EchoClientStats {
  /** Messages echoed, summed over all connections. */
  messages: number;
  /** Bytes sent (equal to bytes received), summed over all connections. */
  bytes: number;
  mismatches: 0;
}

export * from './defaults.js';
export * from './demos.js';
export * from './errors.js';
export * from './options.js';
export * from './payload.js';
// T5, the chat server (a comment followed by a blank line ends a Biome sort chunk)

export * from './chat.js';
