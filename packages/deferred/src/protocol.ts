/**
 * Twisted model — Protocol and Factory: a Protocol is the per-connection object the reactor
 * calls (connectionMade, dataReceived, connectionLost); a Factory builds one per connection and
 * holds what they share.
 * Contract: events in the order makeConnection → connectionMade → dataReceived* → connectionLost;
 * without IHalfCloseableProtocol, EOF closes the connection.
 * Lineage: twisted/internet/protocol.py (BaseProtocol, Protocol, Factory, ClientFactory) and
 * twisted/internet/interfaces.py (IHalfCloseableProtocol).
 * Read next: tcp-transport.ts.
 */
import type { Failure } from './failure.js';
import type { IConnector, IPv4Address, ITCPTransport } from './interfaces.js';

/** What a transport calls: the shape of every Protocol (Twisted's IProtocol). */
export interface IProtocol<T = ITCPTransport> {
  makeConnection(transport: T): void;
  dataReceived(data: Uint8Array): void;
  connectionLost(reason: Failure): void;
}

/**
 * A protocol that wants to see each half of the connection close on its own.
 * Without it, EOF from the peer closes the whole connection (as in Twisted).
 */
export interface IHalfCloseableProtocol {
  /** The peer sent EOF; reading has stopped, writing may go on. */
  readConnectionLost(): void;
  /** Our `loseWriteConnection()` has flushed and sent EOF. */
  writeConnectionLost(): void;
}

/** True when `p` implements IHalfCloseableProtocol. */
export function isHalfCloseable(p: object): p is IHalfCloseableProtocol {
  return typeof (p as Partial<IHalfCloseableProtocol>).readConnectionLost === 'function';
}

/**
 * The base class of protocols: override the event methods you need.
 *
 * @example
 * class Echo extends Protocol {
 *   override dataReceived(data: Uint8Array) { this.transport.write(data); }
 * }
 */
export class Protocol<T = ITCPTransport> implements IProtocol<T> {
  /** True between makeConnection and connectionLost. */
  connected = false;
  /** Set by makeConnection; use it from connectionMade on. */
  transport!: T;
  /** The factory that built this protocol, if any. */
  factory: Factory | null = null;

  /** Called by the transport: records it and calls connectionMade. */
  makeConnection(transport: T): void {
    this.connected = true;
    this.transport = transport;
    this.connectionMade();
  }

  /** The connection is up; `this.transport` is ready. */
  connectionMade(): void {}

  /** Some bytes arrived; message boundaries are not preserved (TCP is a stream). */
  dataReceived(_data: Uint8Array): void {}

  /** The connection is gone: `reason.value` is ConnectionDone (clean) or another error. */
  connectionLost(_reason: Failure): void {
    this.connected = false;
  }
}

type ProtocolClass<P> = new () => P;

/**
 * Builds a Protocol per connection; `doStart`/`doStop` count the ports using it
 * and call `startFactory`/`stopFactory` on the first start and the last stop.
 *
 * @example
 * reactor.listenTCP(0, Factory.forProtocol(Echo));
 */
export class Factory<P extends Protocol = Protocol> {
  /** The protocol class `buildProtocol` instantiates. */
  protocol: ProtocolClass<P> | null = null;
  /** How many ports or connectors are using this factory. */
  numPorts = 0;

  /** A factory of class `this` whose `protocol` is `protocol` (Twisted's `Factory.forProtocol`). */
  static forProtocol<P extends Protocol, F extends Factory<P>>(
    this: new () => F,
    protocol: ProtocolClass<P>,
  ): F {
    const factory = new this();
    factory.protocol = protocol;
    return factory;
  }

  /** Called by a port or connector when it starts using this factory. */
  doStart(): void {
    if (this.numPorts === 0) this.startFactory();
    this.numPorts += 1;
  }

  /** Called by a port or connector when it stops using this factory. */
  doStop(): void {
    if (this.numPorts === 0) return;
    this.numPorts -= 1;
    if (this.numPorts === 0) this.stopFactory();
  }

  /** Override: runs before the first connection. */
  startFactory(): void {}

  /** Override: runs after the last port stopped. */
  stopFactory(): void {}

  /** A new protocol for a connection from `addr`, with `factory` set; null refuses the connection. */
  buildProtocol(_addr: IPv4Address): P | null {
    if (this.protocol === null) throw new TypeError('Factory.protocol is not set');
    const p = new this.protocol();
    p.factory = this as unknown as Factory;
    return p;
  }
}

/** A Factory for outgoing connections: it hears how each attempt went (Twisted's ClientFactory). */
export class ClientFactory<P extends Protocol = Protocol> extends Factory<P> {
  /** The attempt has begun. */
  startedConnecting(_connector: IConnector): void {}
  /** The attempt failed: refused, timed out, stopped by the user … */
  clientConnectionFailed(_connector: IConnector, _reason: Failure): void {}
  /** An established connection ended. */
  clientConnectionLost(_connector: IConnector, _reason: Failure): void {}
}
