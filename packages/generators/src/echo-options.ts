/**
 * Generator trampoline model: the options and results of serveEcho and echoClient.
 * Contract: the neutral contract's shapes, except that EchoServer.close() is a Task.
 * Lineage: SPEC.md T3/T4. Read tasks/echo.ts next.
 */
import type { Task } from './task.js';

export interface EchoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Per-connection pending output above which the server stops reading (default 64 KiB). */
  highWaterMark?: number;
  /** How long close() lets open connections finish before aborting them (default 1,000 ms). */
  graceMs?: number;
}

export interface EchoServerStats {
  /** Connections accepted over the server's life. */
  connections: number;
  /** Bytes written back. */
  bytesEchoed: number;
  /** The largest pending output of any one connection. */
  peakBufferedBytes: number;
}

/** A running echo server. */
export interface EchoServer {
  address: { host: string; port: number };
  /** Stops accepting, ends connections gracefully (aborting after graceMs), completes with the stats. */
  close(): Task<EchoServerStats>;
}

export interface EchoClientOptions {
  host?: string;
  port: number;
  messages: number;
  size: number;
  /** Default 1. */
  connections?: number;
  /** One deadline over the whole run → ETIMEDOUT. */
  timeoutMs?: number;
}

export interface EchoClientStats {
  messages: number;
  bytes: number;
  mismatches: 0;
}
