/**
 * Twisted model — the echo tasks' machinery: server statistics, the set of open
 * connections with a Deferred for "all closed", deterministic payloads and their
 * comparison, and a message-reading protocol for the inlineCallbacks client.
 * Read ../echo.ts, the exhibit, first.
 */
import { Deferred } from '../../deferred.js';
import type { Failure } from '../../failure.js';
import { ConnectionLost } from '../../internet-errors.js';
import { Protocol } from '../../protocol.js';
import type { EchoClientStats, EchoServerStats } from './options.js';

/** The echo server's counters (SPEC T3.6). */
export class EchoStats implements EchoServerStats {
  connections = 0;
  bytesEchoed = 0;
  peakBufferedBytes = 0;

  /** `n` bytes were written back; `buffered` is the connection's pending output now. */
  echoed(n: number, buffered: number): void {
    this.bytesEchoed += n;
    if (buffered > this.peakBufferedBytes) this.peakBufferedBytes = buffered;
  }

  snapshot(): EchoServerStats {
    const { connections, bytesEchoed, peakBufferedBytes } = this;
    return { connections, bytesEchoed, peakBufferedBytes };
  }
}

/** The open connections of a server, and a Deferred for when none is left. */
export class OpenConnections<P> {
  readonly open = new Set<P>();
  private waiters: Deferred<void>[] = [];

  add(p: P): void {
    this.open.add(p);
  }

  remove(p: P): void {
    this.open.delete(p);
    if (this.open.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const d of waiters) d.callback(undefined);
  }

  /** Fires once no connection is open (at once if none is). */
  whenEmpty(): Deferred<void> {
    const d = new Deferred<void>();
    if (this.open.size === 0) d.callback(undefined);
    else this.waiters.push(d);
    return d;
  }
}

/** Message `m` of connection `c`: `size` bytes covering 0x00–0xFF, different for every (c, m). */
export function payload(c: number, m: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const seed = (c * 7919 + m * 104_729 + 17) >>> 0;
  for (let i = 0; i < size; i++) bytes[i] = (seed + i * 31 + (i >>> 8)) & 0xff;
  return bytes;
}

/** True when `chunk` equals `expected` from `offset` on (and does not run past its end). */
export function matchesAt(expected: Uint8Array, offset: number, chunk: Uint8Array): boolean {
  if (offset + chunk.length > expected.length) return false;
  return Buffer.compare(chunk, expected.subarray(offset, offset + chunk.length)) === 0;
}

/** An echo that came back different (code EPROTO). */
export class EchoMismatch extends Error {
  override readonly name = 'EchoMismatch';
  readonly code = 'EPROTO';
  constructor(connection: number, message: number) {
    super(`echo of message ${message} on connection ${connection} came back different`);
  }
}

/** The server closed before the echo was whole (code ECONNRESET). */
export function closedEarly(reason: Failure): Error {
  const code = (reason.value as { code?: unknown }).code;
  return typeof code === 'string' && code !== 'ECONNABORTED'
    ? (reason.value as Error)
    : new ConnectionLost('the server closed the connection before the echo was complete');
}

/** The client's result: `counts[c]` messages on connection c, each `size` bytes. */
export function clientStats(counts: readonly number[], size: number): EchoClientStats {
  const messages = counts.reduce((a, b) => a + b, 0);
  return { messages, bytes: messages * size, mismatches: 0 };
}

/** 0, 1, …, n − 1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * A protocol to read from with Deferreds: `readExactly(n)` fires with the next n bytes,
 * or fails (ECONNRESET) if the connection ends first; cancelling it aborts the connection.
 */
export class MessageReader extends Protocol {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private pending: { n: number; d: Deferred<Uint8Array> } | null = null;
  private lost: Failure | null = null;
  private closing: Deferred<void>[] = [];

  /** loseConnection, firing once the connection is gone; cancelling it aborts instead. */
  close(): Deferred<void> {
    const d = new Deferred<void>(() => this.transport.abortConnection());
    if (!this.connected) d.callback(undefined);
    else {
      this.closing.push(d);
      this.transport.loseConnection();
    }
    return d;
  }

  readExactly(n: number): Deferred<Uint8Array> {
    const d = new Deferred<Uint8Array>(() => this.transport.abortConnection());
    this.pending = { n, d };
    this.deliver();
    return d;
  }

  override dataReceived(data: Uint8Array): void {
    this.chunks.push(data);
    this.buffered += data.length;
    this.deliver();
  }

  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.lost = reason;
    this.deliver();
    for (const d of this.closing) if (!d.called) d.callback(undefined);
    this.closing = [];
  }

  private deliver(): void {
    const pending = this.pending;
    if (pending === null || pending.d.called) return;
    if (this.buffered >= pending.n) {
      const all = Buffer.concat(this.chunks, this.buffered);
      this.chunks = all.length > pending.n ? [all.subarray(pending.n)] : [];
      this.buffered -= pending.n;
      this.pending = null;
      pending.d.callback(all.subarray(0, pending.n));
    } else if (this.lost !== null) {
      this.pending = null;
      pending.d.errback(closedEarly(this.lost));
    }
  }
}
