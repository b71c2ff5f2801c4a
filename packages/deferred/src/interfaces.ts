/**
 * Twisted model — the interfaces the reactor, transports and protocols agree on:
 * addresses, transports, producers and consumers, listening ports and connectors.
 * Contract: types only; what each method does is said where it is implemented.
 * Lineage: twisted/internet/interfaces.py (ITransport, ITCPTransport, IConsumer, IPushProducer,
 * IPullProducer, IListeningPort, IConnector) and twisted/internet/address.py (IPv4Address).
 * Read next: protocol.ts.
 */
import type { Deferred } from './deferred.js';

/** A TCP/IPv4 address, as Twisted's `IPv4Address('TCP', host, port)`. */
export class IPv4Address {
  readonly type = 'TCP' as const;
  constructor(
    readonly host: string,
    readonly port: number,
  ) {}
}

/** Something that produces data for a consumer; `stopProducing` ends it for good. */
export interface IProducer {
  stopProducing(): void;
}

/** A producer that writes whenever it likes until told to pause (sockets, streams). */
export interface IPushProducer extends IProducer {
  pauseProducing(): void;
  resumeProducing(): void;
}

/** A producer that writes one chunk each time `resumeProducing` is called. */
export interface IPullProducer extends IProducer {
  resumeProducing(): void;
}

/** Accepts bytes and applies flow control to a registered producer. */
export interface IConsumer {
  /** `streaming` true: an IPushProducer (paused/resumed); false: an IPullProducer (asked for more). */
  registerProducer(producer: IPushProducer | IPullProducer, streaming: boolean): void;
  unregisterProducer(): void;
  write(data: Uint8Array | string): void;
}

/** A byte stream to the peer, as Twisted's ITransport. */
export interface ITransport {
  write(data: Uint8Array | string): void;
  writeSequence(data: Iterable<Uint8Array | string>): void;
  /** Flush what is buffered, then close; the protocol sees `ConnectionDone`. */
  loseConnection(): void;
  getPeer(): IPv4Address;
  getHost(): IPv4Address;
}

/** A TCP connection: a transport, a consumer of a producer, and itself a push producer (reading). */
export interface ITCPTransport extends ITransport, IConsumer, IPushProducer {
  /** Close at once, dropping buffered output; the protocol sees `ConnectionAborted`. */
  abortConnection(): void;
  /** Half-close: flush, then send FIN; reading goes on. */
  loseWriteConnection(): void;
  /** Output written but not yet handed to the kernel, in bytes (not in Twisted: its `dataBuffer`). */
  getBufferedBytes(): number;
  /** Pending output above which a registered streaming producer is paused (Twisted's `bufferSize`). */
  bufferSize: number;
}

/** A listening server socket, as Twisted's IListeningPort. */
export interface IListeningPort {
  getHost(): IPv4Address;
  /** Stop accepting; fires once the listening socket is closed. Open connections stay open. */
  stopListening(): Deferred<void>;
}

/** A pending or established outgoing connection, as Twisted's IConnector. */
export interface IConnector {
  /** Abandon an attempt still in progress (the factory sees `clientConnectionFailed(UserError)`). */
  stopConnecting(): void;
  /** Abandon the attempt, or drop the connection if it is established. */
  disconnect(): void;
  getDestination(): IPv4Address;
}
