/**
 * Generator trampoline model: the Protocol that turns transport callbacks into streams.
 * Contract: feeds a StreamReader from `dataReceived`/`eofReceived`/`connectionLost`,
 * tracks write flow control for `drain()`, resolves `closed` when the connection is
 * gone, and (on a server) runs the client-connected callback — as a Task when it is a
 * generator function.
 * Lineage: asyncio.StreamReaderProtocol and FlowControlMixin (Lib/asyncio/streams.py).
 * Read streams/writer.ts next.
 */
import type { EventLoop, Future, Protocol, Transport } from '@async-rosetta/future';
import { ConnectionResetError } from '../errors.js';
import { isGenerator } from '../ops.js';
import { createTask } from '../task.js';
import type { StreamReader } from './reader.js';
import { StreamWriter } from './writer.js';

/** What startServer calls per connection: a plain function, or a generator function (run as a Task). */
export type ClientConnected = (reader: StreamReader, writer: StreamWriter) => unknown;

/** The bridge between a Transport's callbacks and a StreamReader/StreamWriter pair. */
export class StreamReaderProtocol implements Protocol {
  readonly #loop: EventLoop;
  readonly #reader: StreamReader;
  readonly #clientConnected: ClientConnected | null;
  readonly #closed: Future<void>;
  readonly #drainWaiters = new Set<Future<void>>();
  #paused = false;
  #connectionLost = false;

  constructor(
    loop: EventLoop,
    reader: StreamReader,
    clientConnected: ClientConnected | null = null,
  ) {
    this.#loop = loop;
    this.#reader = reader;
    this.#clientConnected = clientConnected;
    this.#closed = loop.createFuture<void>();
  }

  connectionMade(transport: Transport): void {
    this.#reader.setTransport(transport);
    if (this.#clientConnected === null) return;
    const writer = new StreamWriter(transport, this, this.#reader, this.#loop);
    const handled = this.#clientConnected(this.#reader, writer);
    if (isGenerator(handled)) {
      const task = createTask(handled, { loop: this.#loop });
      task.addDoneCallback(() => this.#reportHandlerFailure(task, transport));
    }
  }

  dataReceived(data: Uint8Array): void {
    this.#reader.feedData(data);
  }

  /** Keep our side open after the peer's EOF: the handler may still write (half-close). */
  eofReceived(): boolean {
    this.#reader.feedEof();
    return true;
  }

  connectionLost(exc: Error | null): void {
    this.#connectionLost = true;
    if (exc === null) {
      this.#reader.feedEof();
      this.#closed.setResult(undefined);
    } else {
      this.#reader.setException(exc);
      this.#closed.setException(exc);
      this.#closed.exception(); // nobody may ask: do not report it as never retrieved
    }
    // asyncio's FlowControlMixin.connection_lost: paused drains are woken with the
    // connection's error, or succeed when it closed cleanly (the next drain() then fails).
    if (this.#paused) this.#wakeDrainers(exc);
    this.#paused = false;
  }

  pauseWriting(): void {
    this.#paused = true;
  }

  resumeWriting(): void {
    this.#paused = false;
    this.#wakeDrainers(null);
  }

  /** Resolved when the connection is gone (failed with its error, if it had one). */
  closed(): Future<void> {
    return this.#closed;
  }

  /**
   * Done at once unless writing is paused; once the connection is lost, fails with
   * ConnectionResetError (asyncio's `_drain_helper`; the connection's own error reaches
   * drain() through the reader).
   */
  drainHelper(): Future<void> {
    const f = this.#loop.createFuture<void>();
    if (this.#connectionLost) f.setException(new ConnectionResetError('Connection lost'));
    else if (!this.#paused) f.setResult(undefined);
    else {
      this.#drainWaiters.add(f);
      f.addDoneCallback(() => this.#drainWaiters.delete(f));
    }
    return f;
  }

  #wakeDrainers(exc: Error | null): void {
    for (const f of this.#drainWaiters) {
      if (f.done()) continue;
      if (exc === null) f.setResult(undefined);
      else f.setException(exc);
    }
  }

  /** A handler that failed: report it, close its connection (asyncio 3.12's choice). */
  #reportHandlerFailure(task: Future<unknown>, transport: Transport): void {
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === null) return;
    this.#loop.callExceptionHandler({
      message: 'Unhandled exception in client_connected_cb',
      exception: exc,
    });
    transport.close();
  }
}
