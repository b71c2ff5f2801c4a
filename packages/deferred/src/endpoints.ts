/**
 * Twisted model — endpoints: where to listen or connect, as an object whose
 * `listen(factory)`/`connect(factory)` return Deferreds, so code chains on the outcome and
 * cancels an attempt instead of overriding ClientFactory callbacks.
 * Contract: `listen` fires once bound or fails (CannotListenError); `connect` fires after
 * connectionMade or fails; cancelling it abandons the attempt (ECANCELLED); never a throw.
 * Lineage: twisted/internet/endpoints.py (TCP4ServerEndpoint, TCP4ClientEndpoint,
 * _WrappingFactory, _WrappingProtocol, connectProtocol).
 * Read next: web/agent.ts.
 */
import { Deferred, fail } from './deferred.js';
import type { Failure } from './failure.js';
import type { IConnector, IListeningPort, IPv4Address } from './interfaces.js';
import { ConnectingCancelledError } from './internet-errors.js';
import { ClientFactory, type Factory, isHalfCloseable, Protocol } from './protocol.js';
import type { IReactorTCP } from './reactor.js';

/**
 * A TCP server endpoint on `interface` (default 127.0.0.1) and `port` (0: any free port).
 *
 * @example
 * new TCP4ServerEndpoint(reactor, 0).listen(Factory.forProtocol(Echo))
 *   .addCallback((port) => console.log(port.getHost().port));
 */
export class TCP4ServerEndpoint {
  constructor(
    private readonly reactor: IReactorTCP,
    private readonly port: number,
    private readonly options: { interface?: string; backlog?: number; bufferSize?: number } = {},
  ) {}

  /** Fires with the listening port once bound; fails with CannotListenError (code EADDRINUSE …). */
  listen(factory: Factory): Deferred<IListeningPort> {
    try {
      return this.reactor.listenTCP(this.port, factory, this.options).whenListening();
    } catch (err) {
      return fail(err);
    }
  }
}

/**
 * A TCP client endpoint. `connect` fires with the protocol once its connectionMade has run;
 * cancelling it abandons the attempt (ConnectingCancelledError, code ECANCELLED).
 *
 * @example
 * new TCP4ClientEndpoint(reactor, '127.0.0.1', port).connect(Factory.forProtocol(Greeter))
 *   .addCallback((p) => p.transport.write('hello'));
 */
export class TCP4ClientEndpoint {
  constructor(
    private readonly reactor: IReactorTCP,
    private readonly host: string,
    private readonly port: number,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  connect<P extends Protocol>(factory: Factory<P>): Deferred<P> {
    const wrapping = new WrappingFactory(factory);
    try {
      wrapping.connector = this.reactor.connectTCP(
        this.host,
        this.port,
        wrapping as unknown as ClientFactory,
        this.options.timeoutMs,
      );
    } catch (err) {
      return fail(err);
    }
    return wrapping.onConnection;
  }
}

/**
 * Connect `protocol` itself (not one built by a factory) through `endpoint`.
 *
 * @example
 * connectProtocol(endpoint, new EchoClient(messages)).addCallback((p) => p.done);
 */
export function connectProtocol<P extends Protocol>(
  endpoint: TCP4ClientEndpoint,
  protocol: P,
): Deferred<P> {
  const factory = new (class OneShotFactory extends ClientFactory<P> {
    override buildProtocol(): P {
      return protocol;
    }
  })();
  return endpoint.connect(factory);
}

/** Turns ClientFactory callbacks into one Deferred that fires after connectionMade. */
class WrappingFactory<P extends Protocol> extends ClientFactory<WrappingProtocol<P>> {
  connector: IConnector | null = null;
  readonly onConnection: Deferred<P> = new Deferred<P>((d) => {
    const connector = this.connector;
    if (connector === null) return;
    d.errback(new ConnectingCancelledError(connector.getDestination()));
    connector.stopConnecting();
  });

  constructor(private readonly wrapped: Factory<P>) {
    super();
  }

  override startFactory(): void {
    this.wrapped.doStart();
  }

  override stopFactory(): void {
    this.wrapped.doStop();
  }

  override buildProtocol(addr: IPv4Address): WrappingProtocol<P> | null {
    try {
      const p = this.wrapped.buildProtocol(addr);
      if (p === null) throw new Error(`${this.wrapped.constructor.name} refused the connection`);
      return new WrappingProtocol(this.onConnection, p);
    } catch (err) {
      if (!this.onConnection.called) this.onConnection.errback(err);
      return null;
    }
  }

  override clientConnectionFailed(_connector: IConnector, reason: Failure): void {
    if (!this.onConnection.called) this.onConnection.errback(reason);
  }
}

/** Forwards every event to the real protocol; half-closeable only if it is. */
class WrappingProtocol<P extends Protocol> extends Protocol {
  constructor(
    private readonly onConnection: Deferred<P>,
    private readonly wrapped: P,
  ) {
    super();
    if (isHalfCloseable(wrapped)) {
      Object.assign(this, {
        readConnectionLost: () => wrapped.readConnectionLost(),
        writeConnectionLost: () => wrapped.writeConnectionLost(),
      });
    }
  }

  override connectionMade(): void {
    try {
      this.wrapped.makeConnection(this.transport);
    } catch (err) {
      if (!this.onConnection.called) this.onConnection.errback(err);
      throw err;
    }
    if (!this.onConnection.called) this.onConnection.callback(this.wrapped);
  }

  override dataReceived(data: Uint8Array): void {
    this.wrapped.dataReceived(data);
  }

  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.wrapped.connectionLost(reason);
  }
}
