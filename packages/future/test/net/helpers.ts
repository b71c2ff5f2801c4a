/**
 * Test helpers of the networking tests: a Protocol that records every call, a fake
 * net.Socket whose kernel the test drives by hand, and a poll-until helper for real I/O.
 * Lineage: CPython's test_utils.make_test_protocol and its mock sockets
 * (Lib/test/test_asyncio/utils.py). Read tcp.test.ts next.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Protocol } from '../../src/net/protocols.js';
import type { Transport } from '../../src/net/transport.js';

/** A Protocol that records its calls in order, as CPython's test_utils.make_test_protocol. */
export class Recorder implements Protocol {
  events: string[] = [];
  chunks: Buffer[] = [];
  transport: Transport | null = null;
  lostWith: Error | null | undefined = undefined;
  keepOpen = false;
  onData: ((data: Uint8Array) => void) | null = null;

  connectionMade(transport: Transport): void {
    this.transport = transport;
    this.events.push('made');
  }
  dataReceived(data: Uint8Array): void {
    this.events.push('data');
    this.chunks.push(Buffer.from(data));
    this.onData?.(data);
  }
  eofReceived(): boolean {
    this.events.push('eof');
    return this.keepOpen;
  }
  connectionLost(exc: Error | null): void {
    this.events.push('lost');
    this.lostWith = exc;
  }
  pauseWriting(): void {
    this.events.push('pause');
  }
  resumeWriting(): void {
    this.events.push('resume');
  }
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }
  count(event: string): number {
    return this.events.filter((e) => e === event).length;
  }
}

/**
 * A stand-in for a connected net.Socket: writes stay "in the kernel queue" until the
 * test calls `flush(n)`, so buffer sizes and callbacks are exact.
 */
export class FakeSocket extends EventEmitter {
  writableLength = 0;
  written: Buffer[] = [];
  #pending: { size: number; cb: (err?: Error | null) => void }[] = [];
  paused = false;
  ended = false;
  destroyed = false;
  remoteAddress = '127.0.0.1';
  remotePort = 5000;
  localAddress = '127.0.0.1';
  localPort = 6000;

  setNoDelay(): this {
    return this;
  }
  pause(): this {
    this.paused = true;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  write(data: Uint8Array, cb: (err?: Error | null) => void): boolean {
    this.written.push(Buffer.from(data));
    this.writableLength += data.length;
    this.#pending.push({ size: data.length, cb });
    return true;
  }
  /** The kernel accepts the oldest `n` pending writes (all by default). */
  flush(n = this.#pending.length): void {
    for (const w of this.#pending.splice(0, n)) {
      this.writableLength -= w.size;
      w.cb();
    }
  }
  end(): this {
    this.ended = true;
    return this;
  }
  destroy(): this {
    this.destroyed = true;
    this.writableLength = 0;
    this.#pending = [];
    return this;
  }
  /** The peer sent bytes (delivered only while reading, as a flowing stream would). */
  receive(data: string | Uint8Array): void {
    if (!this.paused) this.emit('data', Buffer.from(data));
  }
  asSocket(): Socket {
    return this as unknown as Socket;
  }
}

/** Poll `cond` every few ms until true; reject after `timeoutMs` (generous: shared CPUs). */
export async function until(
  cond: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
