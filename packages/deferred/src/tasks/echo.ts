/**
 * Twisted model, chained callbacks — T3 serveEcho and T4 echoClient (comparisons/SPEC.md).
 * The server is a Protocol that writes back what it reads, with its transport as
 * its own producer: output backed up → reading paused. The client is a Protocol
 * that sends, waits for the whole echo, compares, and sends the next; one Deferred
 * per connection, gathered. Lineage: Twisted's Protocol/Factory idiom. Next: inline/.
 */
import { Deferred } from '../deferred.js';
import { gatherResults } from '../deferred-list.js';
import { connectProtocol, TCP4ClientEndpoint, TCP4ServerEndpoint } from '../endpoints.js';
import type { Failure } from '../failure.js';
import type { IListeningPort, IPv4Address } from '../interfaces.js';
import { maybeDeferred } from '../maybe-deferred.js';
import { Factory, type IHalfCloseableProtocol, Protocol } from '../protocol.js';
import { reactor } from '../reactor.js';
import {
  clientStats,
  closedEarly,
  EchoMismatch,
  EchoStats,
  matchesAt,
  OpenConnections,
  payload,
  range,
} from './support/echo.js';
import { gatherFailFast } from './support/gather.js';
import type {
  EchoClientOptions,
  EchoClientStats,
  EchoServer,
  EchoServerOptions,
  EchoServerStats,
} from './support/options.js';
import { checkEchoClientOptions, DEFAULT_GRACE_MS } from './support/options.js';

/** Writes back whatever it reads; stops reading while its output is backed up. */
export class Echo extends Protocol implements IHalfCloseableProtocol {
  declare factory: EchoFactory;

  override connectionMade(): void {
    this.transport.registerProducer(this.transport, true); // backed-up output pauses reading
    this.factory.connections.add(this);
  }

  override dataReceived(data: Uint8Array): void {
    this.transport.write(data);
    this.factory.stats.echoed(data.length, this.transport.getBufferedBytes());
  }

  readConnectionLost(): void {
    this.transport.loseConnection(); // the client is done: flush what we owe, then close
  }

  writeConnectionLost(): void {}

  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.factory.connections.remove(this);
  }
}

/** Builds an Echo per connection; keeps the stats and the open connections. */
export class EchoFactory extends Factory<Echo> {
  override protocol = Echo;
  readonly stats = new EchoStats();
  readonly connections = new OpenConnections<Echo>();

  override buildProtocol(addr: IPv4Address): Echo | null {
    this.stats.connections += 1;
    return super.buildProtocol(addr);
  }
}

/** Listen on host:port; fires with the server's address and its close(). */
export function serveEcho(o: EchoServerOptions = {}): Deferred<EchoServer> {
  const factory = new EchoFactory();
  const options = { interface: o.host ?? '127.0.0.1', bufferSize: o.highWaterMark };
  return new TCP4ServerEndpoint(reactor, o.port ?? 0, options)
    .listen(factory)
    .addCallback((listening) => {
      const { host, port } = listening.getHost();
      const close = () => closeServer(listening, factory, o.graceMs ?? DEFAULT_GRACE_MS);
      return { address: { host, port }, close };
    });
}

/** Stop listening, end each connection (abort those still open after graceMs); fire with the stats. */
export function closeServer(
  listening: IListeningPort,
  factory: EchoFactory,
  graceMs: number,
): Deferred<EchoServerStats> {
  const { open } = factory.connections;
  for (const echo of open) echo.transport.loseWriteConnection(); // FIN; close once the client has
  const abort = reactor.callLater(graceMs, () => {
    for (const echo of open) echo.transport.abortConnection();
  });
  const closed = gatherResults([listening.stopListening(), factory.connections.whenEmpty()]);
  return closed.addCallback(() => {
    if (abort.active()) abort.cancel();
    return factory.stats.snapshot();
  });
}

/** Sends its messages one at a time, checking each echo; `done` fires with how many. */
class EchoClient extends Protocol {
  readonly done = new Deferred<number>(() => this.transport.abortConnection());
  private sent = 0;
  private message: Uint8Array = new Uint8Array(0);
  private received = 0;

  constructor(
    private readonly c: number,
    private readonly o: EchoClientOptions,
  ) {
    super();
  }

  override connectionMade(): void {
    this.sendNext();
  }

  override dataReceived(data: Uint8Array): void {
    if (!matchesAt(this.message, this.received, data)) {
      this.done.errback(new EchoMismatch(this.c, this.sent - 1));
      this.transport.abortConnection();
      return;
    }
    this.received += data.length;
    if (this.received === this.message.length) this.sendNext();
  }

  override connectionLost(reason: Failure): void {
    if (this.done.called) return;
    const finished = this.sent === this.o.messages && this.received === this.message.length;
    if (finished) this.done.callback(this.sent);
    else this.done.errback(closedEarly(reason));
  }

  private sendNext(): void {
    if (this.sent === this.o.messages) {
      this.transport.loseConnection(); // done: connectionLost will fire `done`
      return;
    }
    this.message = payload(this.c, this.sent++, this.o.size);
    this.received = 0;
    this.transport.write(this.message);
  }
}

/** Run `connections` EchoClients at once; the first failure cancels the others. */
export function echoClient(o: EchoClientOptions): Deferred<EchoClientStats> {
  const d = maybeDeferred(checkEchoClientOptions, o)
    .addCallback(() => {
      const endpoint = new TCP4ClientEndpoint(reactor, o.host ?? '127.0.0.1', o.port);
      const clients = range(o.connections ?? 1).map((c) =>
        connectProtocol(endpoint, new EchoClient(c, o)).addCallback((client) => client.done),
      );
      return gatherFailFast(clients);
    })
    .addCallback((counts) => clientStats(counts, o.size));
  return o.timeoutMs === undefined ? d : d.addTimeout(o.timeoutMs, reactor);
}
