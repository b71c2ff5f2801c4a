/**
 * Twisted model — the TCP transport: a Protocol's handle on one net.Socket. It writes with
 * flow control toward a registered producer (paused when the pending output passes `bufferSize`,
 * resumed once it has drained), and is itself a push producer whose pause/resume stop and
 * restart reading, so `transport.registerProducer(transport, true)` makes a protocol stop
 * reading while its own output is backed up.
 * Contract: loseConnection flushes, sends FIN and closes (ConnectionDone); abortConnection resets
 * (ConnectionAborted); connectionLost runs once.
 * Lineage: twisted/internet/abstract.py (FileDescriptor) and twisted/internet/tcp.py (Connection).
 * Read next: reactor.ts.
 */
import type { Socket } from 'node:net';
import { Failure } from './failure.js';
import type {
  IPullProducer,
  IPushProducer,
  IPv4Address as IPv4AddressType,
  ITCPTransport,
} from './interfaces.js';
import { IPv4Address } from './interfaces.js';
import { ConnectionAborted, ConnectionDone, connectionLostFor } from './internet-errors.js';
import { type IProtocol, isHalfCloseable } from './protocol.js';

/** Twisted's `FileDescriptor.bufferSize`: 64 KiB of pending output pauses a streaming producer. */
export const DEFAULT_BUFFER_SIZE = 64 * 1024;

export interface TCPTransportOptions {
  /** Pending output above which a registered streaming producer is paused (default 64 KiB). */
  bufferSize?: number;
  /** Called after `protocol.connectionLost` (the port's or connector's bookkeeping). */
  onConnectionLost?: (reason: Failure) => void;
}

/**
 * The transport of one TCP connection. Built by the reactor, handed to the
 * protocol with `protocol.makeConnection(transport)`.
 */
export class TCPTransport implements ITCPTransport {
  bufferSize: number;
  /** True until the connection is lost. */
  connected = true;
  /** loseConnection() was called: flushing, then closing. */
  disconnecting = false;
  disconnected = false;

  private writeDisconnected = false;
  private producer: IPushProducer | IPullProducer | null = null;
  private streamingProducer = false;
  private producerPaused = false;
  /** Why the connection ends: the first cause seen wins. */
  private reason: Error | null = null;
  private readonly peer: IPv4Address;
  private readonly host: IPv4Address;
  private readonly onConnectionLost: ((reason: Failure) => void) | undefined;
  private readonly flushed = (): void => this.outputMaybeDrained();

  constructor(
    private readonly socket: Socket,
    private readonly protocol: IProtocol,
    options: TCPTransportOptions = {},
  ) {
    this.bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    this.onConnectionLost = options.onConnectionLost;
    this.peer = new IPv4Address(socket.remoteAddress ?? '', socket.remotePort ?? 0);
    this.host = new IPv4Address(socket.localAddress ?? '', socket.localPort ?? 0);
    socket.on('data', (chunk: Buffer) => this.dataReceived(chunk));
    socket.on('end', () => this.readConnectionLost());
    socket.on('error', (err) => {
      this.reason ??= connectionLostFor(err);
    });
    socket.on('close', () => this.connectionLost());
  }

  write(data: Uint8Array | string): void {
    if (!this.connected || this.writeDisconnected || this.socket.writableEnded) return;
    if (data.length === 0) return;
    // Ask to hear when this write is flushed whenever a producer waits on the buffer
    // being empty: a pull producer, or a push producer paused (or about to be).
    const watch =
      this.producer !== null &&
      (this.producerPaused ||
        !this.streamingProducer ||
        this.socket.writableLength + data.length > this.bufferSize);
    this.socket.write(data, watch ? this.flushed : undefined);
    if (
      this.producer !== null &&
      this.streamingProducer &&
      !this.producerPaused &&
      this.socket.writableLength > this.bufferSize
    ) {
      this.producerPaused = true;
      (this.producer as IPushProducer).pauseProducing();
    }
  }

  writeSequence(data: Iterable<Uint8Array | string>): void {
    this.socket.cork();
    for (const chunk of data) this.write(chunk);
    this.socket.uncork();
  }

  loseConnection(): void {
    if (!this.connected || this.disconnecting) return;
    this.disconnecting = true;
    this.socket.pause();
    this.closeWhenFlushed();
  }

  abortConnection(): void {
    if (this.disconnected || this.socket.destroyed) return;
    this.reason ??= new ConnectionAborted();
    this.socket.resetAndDestroy();
  }

  loseWriteConnection(): void {
    if (!this.connected || this.writeDisconnected) return;
    this.writeDisconnected = true;
    this.socket.end(() => {
      if (isHalfCloseable(this.protocol)) this.protocol.writeConnectionLost();
    });
  }

  getPeer(): IPv4AddressType {
    return this.peer;
  }

  getHost(): IPv4AddressType {
    return this.host;
  }

  getBufferedBytes(): number {
    return this.socket.writableLength;
  }

  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void {
    if (this.producer !== null) {
      throw new Error(`Cannot register producer ${producer}: ${this.producer} is registered.`);
    }
    if (this.disconnected) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streamingProducer = streaming;
    this.producerPaused = false;
    if (!streaming) producer.resumeProducing();
  }

  unregisterProducer(): void {
    this.producer = null;
    this.producerPaused = false;
    if (this.disconnecting) this.closeWhenFlushed();
  }

  /** Producer side: stop reading from the socket. */
  pauseProducing(): void {
    this.socket.pause();
  }

  /** Producer side: read again (not once loseConnection has begun). */
  resumeProducing(): void {
    if (this.connected && !this.disconnecting) this.socket.resume();
  }

  /** Producer side: the consumer wants no more data; close the connection. */
  stopProducing(): void {
    this.loseConnection();
  }

  private dataReceived(chunk: Buffer): void {
    try {
      this.protocol.dataReceived(chunk);
    } catch (err) {
      // Twisted: an exception from dataReceived drops the connection with it as the reason.
      this.reason ??= err instanceof Error ? err : new Error(String(err));
      this.socket.destroy();
    }
  }

  /** Twisted's doWrite on an empty buffer: ask a paused or pull producer for more. */
  private outputMaybeDrained(): void {
    if (this.disconnected || this.socket.writableLength > 0) return;
    const producer = this.producer;
    if (producer !== null && (!this.streamingProducer || this.producerPaused)) {
      this.producerPaused = false;
      producer.resumeProducing();
    }
  }

  /**
   * loseConnection's second half: flush, send FIN, then close. A registered pull
   * producer keeps the connection open until it unregisters (as in Twisted).
   */
  private closeWhenFlushed(): void {
    if (this.producer !== null && !this.streamingProducer) return;
    const socket = this.socket;
    const close = (): void => {
      this.reason ??= new ConnectionDone();
      socket.destroy();
    };
    if (socket.writableFinished) close();
    else if (socket.writableEnded) socket.once('finish', close);
    else socket.end(close);
  }

  /** The peer sent EOF: tell a half-closeable protocol, otherwise close (as in Twisted). */
  private readConnectionLost(): void {
    if (isHalfCloseable(this.protocol)) {
      this.protocol.readConnectionLost();
      return;
    }
    this.reason ??= new ConnectionDone();
    this.socket.destroy();
  }

  private connectionLost(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.connected = false;
    const reason = new Failure(this.reason ?? new ConnectionDone());
    const producer = this.producer;
    this.producer = null;
    if (producer !== null && producer !== this) producer.stopProducing();
    this.protocol.connectionLost(reason);
    this.onConnectionLost?.(reason);
  }
}
