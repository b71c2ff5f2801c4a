/**
 * asyncio-callback model: the counters of the echo tasks.
 * Contract: `EchoServerStats` and `EchoClientStats` are comparisons' shapes; the
 * options types document the tasks' defaults.
 * Lineage: none upstream; SPEC.md T3/T4. Read echo.ts next.
 */
import type { EventLoop } from '../loop.js';

export interface EchoServerOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Per-connection pending output above which the server stops reading (default 64 KiB). */
  highWaterMark?: number;
  /** How long close() lets open connections finish before aborting them (default 1,000 ms). */
  graceMs?: number;
  loop?: EventLoop;
}

export interface EchoServerStats {
  /** Connections accepted over the server's life. */
  connections: number;
  /** Bytes handed back to the transports. */
  bytesEchoed: number;
  /** The largest write buffer of any one connection at any time. */
  peakBufferedBytes: number;
}

export interface EchoClientOptions {
  host?: string;
  port: number;
  messages: number;
  size: number;
  /** Default 1. */
  connections?: number;
  timeoutMs?: number;
  loop?: EventLoop;
}

export interface EchoClientStats {
  messages: number;
  bytes: number;
  mismatches: 0;
}

/** Fresh server counters. */
export function newServerStats(): EchoServerStats {
  return { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };
}
