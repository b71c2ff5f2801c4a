/**
 * async/await model — the shapes the tasks take and give (the same shapes as
 * the neutral contract in comparisons/src/models/contract.ts, plus `signal`,
 * this model's way to cancel). Read src/tasks/fetch.ts next.
 */

/** fetchPage's result. Header names lower-cased; every value a list, in arrival order. */
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
  /** Aborting it cancels the fetch → ECANCELLED. */
  signal?: AbortSignal;
}

export interface FetchAllOptions extends FetchOptions {
  /** At most this many requests in flight (default 8). */
  concurrency?: number;
}

export interface EchoServerOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Per-connection pending output above which the server stops reading (default 64 KiB). */
  highWaterMark?: number;
  /** How long close() lets open connections finish before destroying them (default 1,000 ms). */
  graceMs?: number;
}

export interface EchoServerStats {
  /** Connections accepted over the server's life. */
  connections: number;
  /** Bytes written back over all connections. */
  bytesEchoed: number;
  /** The largest pending output of any one connection at any time. */
  peakBufferedBytes: number;
}

export interface EchoServer {
  address: { host: string; port: number };
  /** Stops accepting, ends open connections (destroying them after graceMs), resolves with the stats. */
  close(): Promise<EchoServerStats>;
}

export interface EchoClientOptions {
  /** Default '127.0.0.1'. */
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
  /** Aborting it closes every connection → ECANCELLED. */
  signal?: AbortSignal;
}

export interface EchoClientStats {
  /** Messages echoed, summed over all connections. */
  messages: number;
  /** Bytes sent (equal to bytes received), summed over all connections. */
  bytes: number;
  mismatches: 0;
}
