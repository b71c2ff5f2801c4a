/**
 * An open-loop echo load at a fixed offered rate, with latency corrected for
 * coordinated omission as wrk2 does: every request has an intended send time on
 * a fixed schedule (connection c sends its k-th message at start + (c/C + k) ×
 * C/rate), and its latency runs from that intended time — not from when it was
 * actually sent — to the end of its echo. A server that stalls therefore pays
 * for every request its stall delayed, instead of the load generator politely
 * waiting (the closed loop's blind spot). One message in flight per connection,
 * as wrk2 keeps one request per connection; a late connection sends its next
 * message at once. Requests whose intended time falls in the measured window
 * are measured; `onWindow` marks the window's start and end (the server's CPU
 * and heap are read over it). Raw node:net callbacks, an HDR histogram.
 * Lineage: giltene/wrk2 (constant throughput, corrected latency), vmbench.
 * Read ../load-process.ts next.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { build } from 'hdr-histogram-js';

export interface OpenLoopOptions {
  host: string;
  port: number;
  size: number;
  connections: number;
  /** Offered rate, messages per second over all connections. */
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
  /** Called when the measured window starts and ends. */
  onWindow?: (edge: 'start' | 'end') => void;
}

export interface OpenLoopResult {
  offeredPerSecond: number;
  /** Measured echoes per second of the window. */
  achievedPerSecond: number;
  /** Echoes measured (intended within the window). */
  messages: number;
  mismatches: number;
  /** Corrected latency (from the intended send time), microseconds. */
  latencyUs: { p50: number; p99: number; p999: number; max: number };
}

interface Conn {
  socket: Socket;
  /** Intended time of message 0 on this connection. */
  origin: number;
  /** Index of the next message to send. */
  next: number;
  inFlight: boolean;
  /** Intended time of the message in flight. */
  intended: number;
  filled: number;
}

/** Runs the open loop; resolves once every measured echo is back and the sockets are closed. */
export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const histogram = build({ bitBucketSize: 32, useWebAssembly: false });
    const payload = Buffer.alloc(o.size);
    for (let i = 0; i < o.size; i++) payload[i] = (i * 31 + 7) & 0xff;
    const received = Buffer.allocUnsafe(o.size);
    const interval = (o.connections * 1000) / o.ratePerSecond; // ms between messages on one connection
    const conns: Conn[] = [];
    let t0 = 0;
    let windowStart = 0;
    let windowEnd = 0;
    let messages = 0;
    let mismatches = 0;
    let armedTimer: NodeJS.Timeout | null = null;
    let armedImmediate: NodeJS.Immediate | null = null;
    let armedFor = Number.POSITIVE_INFINITY;
    let settled = false;
    let connected = 0;
    let closed = 0;
    const timers: NodeJS.Timeout[] = [];

    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      if (armedTimer !== null) clearTimeout(armedTimer);
      if (armedImmediate !== null) clearImmediate(armedImmediate);
      for (const c of conns) c.socket.destroy();
      if (err) {
        histogram.destroy();
        reject(err);
        return;
      }
      const at = (p: number): number =>
        Math.min(histogram.getValueAtPercentile(p), histogram.maxValue);
      const result: OpenLoopResult = {
        offeredPerSecond: o.ratePerSecond,
        achievedPerSecond: (messages * 1000) / o.durationMs,
        messages,
        mismatches,
        latencyUs: { p50: at(50), p99: at(99), p999: at(99.9), max: histogram.maxValue },
      };
      histogram.destroy();
      resolve(result);
    };

    const intendedOf = (c: Conn, k: number): number => c.origin + k * interval;

    /** Wakes the pump at `when`: a timer (ms granularity, a little early) when far, the next loop turn when near. */
    const arm = (when: number, now: number): void => {
      if (armedImmediate !== null || when >= armedFor) return; // already woken as soon or sooner
      if (armedTimer !== null) clearTimeout(armedTimer);
      armedTimer = null;
      armedFor = when;
      const wait = when - now;
      if (wait > 2) armedTimer = setTimeout(wake, wait - 1.5);
      else armedImmediate = setImmediate(wake);
    };
    const wake = (): void => {
      armedTimer = null;
      armedImmediate = null;
      armedFor = Number.POSITIVE_INFINITY;
      pump();
    };

    /** Sends every idle connection's message that is due, and arms a wake-up for the next one. */
    const pump = (): void => {
      const now = performance.now();
      let earliest = Number.POSITIVE_INFINITY;
      let live = 0;
      for (const c of conns) {
        const when = intendedOf(c, c.next);
        if (when >= windowEnd) continue; // this connection is done sending
        live++;
        if (c.inFlight) continue;
        if (when <= now) {
          c.inFlight = true;
          c.intended = when;
          c.next++;
          c.socket.write(payload);
        } else earliest = Math.min(earliest, when);
      }
      if (live === 0 && conns.every((c) => !c.inFlight)) {
        for (const c of conns) c.socket.end();
        // A server that never closes its side must not hold the run open.
        timers.push(setTimeout(() => finish(null), 2000));
        return;
      }
      if (earliest !== Number.POSITIVE_INFINITY) arm(earliest, now);
    };

    const start = (): void => {
      t0 = performance.now() + 5;
      windowStart = t0 + o.warmupMs;
      windowEnd = windowStart + o.durationMs;
      conns.forEach((c, i) => {
        c.origin = t0 + (i * interval) / o.connections;
      });
      timers.push(setTimeout(() => o.onWindow?.('start'), windowStart - performance.now()));
      timers.push(setTimeout(() => o.onWindow?.('end'), windowEnd - performance.now()));
      timers.push(
        setTimeout(
          () =>
            finish(Object.assign(new Error('open loop: no result in time'), { code: 'ETIMEDOUT' })),
          o.warmupMs + o.durationMs + 30_000,
        ),
      );
      pump();
    };

    for (let i = 0; i < o.connections; i++) {
      const socket = connect({ host: o.host, port: o.port });
      socket.setNoDelay(true);
      const c: Conn = { socket, origin: 0, next: 0, inFlight: false, intended: 0, filled: 0 };
      conns.push(c);
      socket.on('connect', () => {
        if (++connected === o.connections) start();
      });
      socket.on('data', (chunk: Buffer) => {
        let at = 0;
        while (at < chunk.length) {
          const n = Math.min(chunk.length - at, o.size - c.filled);
          chunk.copy(received, c.filled, at, at + n);
          c.filled += n;
          at += n;
          if (c.filled < o.size) return;
          c.filled = 0;
          const now = performance.now();
          if (c.intended >= windowStart && c.intended < windowEnd) {
            messages++;
            histogram.recordValue(Math.max(1, Math.round((now - c.intended) * 1000)));
          }
          if (!received.equals(payload)) mismatches++;
          c.inFlight = false;
        }
        pump();
      });
      socket.on('error', (e) => finish(e));
      socket.on('close', () => {
        if (++closed === o.connections) finish(null);
      });
    }
  });
}
