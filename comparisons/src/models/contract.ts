/**
 * The neutral contract: every model is adapted onto this one shape so that one
 * conformance suite, one demo and one benchmark harness can drive them all.
 * Each adapter maps the model's own result type (Deferred, Future, Task,
 * Promise) onto `Cancellable` and the model's own cancellation onto `cancel()`.
 * Read comparisons/SPEC.md for what each task must do; read models/index.ts next.
 */

/** The shared error vocabulary (SPEC.md, "Error vocabulary"). Node's own codes pass through. */
export type ErrorCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ETIMEDOUT'
  | 'ECANCELLED'
  | 'ETOOLARGE'
  | 'EPROTO'
  | 'EINVAL'
  | (string & {});

/** What every adapter rejects with: a plain Error carrying a `code`. */
export interface TaskError extends Error {
  code: ErrorCode;
}

/** A running task seen from outside: its outcome, and the model's own way to cancel it. */
export interface Cancellable<T> {
  result: Promise<T>;
  cancel(): void;
}

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
  close(): Promise<EchoServerStats>;
}

export interface EchoClientOptions {
  host?: string;
  port: number;
  messages: number;
  size: number;
  /** Default 1. */
  connections?: number;
  timeoutMs?: number;
}

export interface EchoClientStats {
  messages: number;
  bytes: number;
  mismatches: 0;
}

export interface ModelAdapter {
  /** 'deferred' | 'deferred-inline' | 'future' | 'generators' | 'asyncawait' | … */
  name: string;
  /** One line for tables: the model's lineage. */
  description: string;
  fetchPage(url: string, o?: FetchOptions): Cancellable<Page>;
  fetchAll(urls: string[], o?: FetchAllOptions): Cancellable<Page[]>;
  serveEcho(o?: EchoServerOptions): Promise<EchoServer>;
  echoClient(o: EchoClientOptions): Cancellable<EchoClientStats>;
}
