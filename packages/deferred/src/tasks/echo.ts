/**
 * Twisted model, chained callbacks — T3 serveEcho and T4 echoClient, the exhibit.
 * Contract: comparisons/SPEC.md T3, T4; options and EINVAL from task-spec's normalisers,
 * payload bytes and the EPROTO error from task-spec.
 * The server is a Protocol that writes back what it reads, with its transport as its own
 * producer (output backed up → reading paused); close() half-closes every connection and waits
 * for each to end, aborting what is left after graceMs. The client is a Protocol that sends,
 * checks the echo as it arrives, and sends the next; one Deferred per connection, gathered
 * with gatherResults, the first failure cancelling the rest; addTimeout sets the deadline.
 * Lineage: twisted/internet/protocol.py (Protocol, Factory), twisted/internet/endpoints.py
 * (TCP4ServerEndpoint, connectProtocol), twisted/internet/defer.py (gatherResults, addTimeout).
 * Read inline/echo.ts next.
 */
import {
  type EchoAddress,
  type EchoClientOptions,
  type EchoClientSettings,
  type EchoClientStats,
  type EchoServerOptions,
  type EchoServerStats,
  echoMismatch,
  normalizeEchoClientOptions,
  normalizeEchoServerOptions,
  payload,
  sameBytes,
} from '@async-rosetta/task-spec';
import { Deferred, fail } from '../deferred.js';
import { gatherResults } from '../deferred-list.js';
import { connectProtocol, TCP4ClientEndpoint, TCP4ServerEndpoint } from '../endpoints.js';
import type { FirstError } from '../errors.js';
import type { Failure } from '../failure.js';
import type { IListeningPort, IPv4Address } from '../interfaces.js';
import { Factory, type IHalfCloseableProtocol, Protocol } from '../protocol.js';
import { reactor } from '../reactor.js';
import { closedEarly, timedOut } from './support/errors.js';

/** A running echo server: where it listens, and a close() that fires with its stats. */
export interface EchoServer {
  address: EchoAddress;
  close(): Deferred<EchoServerStats>;
}

/** Writes back whatever it reads; stops reading while its output is backed up. */
export class Echo extends Protocol implements IHalfCloseableProtocol {
  declare factory: EchoFactory;
  /** Fires once the connection is gone. */
  readonly closed = new Deferred<void>();

  override connectionMade(): void {
    this.transport.registerProducer(this.transport, true); // backed-up output pauses reading
    this.factory.open.add(this);
  }

  override dataReceived(data: Uint8Array): void {
    this.transport.write(data);
    const stats = this.factory.stats;
    stats.bytesEchoed += data.length;
    stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, this.transport.getBufferedBytes());
  }

  readConnectionLost(): void {
    this.transport.loseConnection(); // the client is done: flush what we owe, then close
  }

  writeConnectionLost(): void {}

  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.factory.open.delete(this);
    this.closed.callback(undefined);
  }
}

/** Builds an Echo per connection; keeps the server's stats and its open connections. */
export class EchoFactory extends Factory<Echo> {
  override protocol = Echo;
  readonly stats: EchoServerStats = { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };
  readonly open = new Set<Echo>();

  override buildProtocol(addr: IPv4Address): Echo | null {
    this.stats.connections += 1;
    return super.buildProtocol(addr);
  }
}

/** Listen on host:port; fires with the server's address and its close(). */
export function serveEcho(o?: EchoServerOptions): Deferred<EchoServer> {
  const { error, options } = normalizeEchoServerOptions(o);
  if (error) return fail(error);
  const { host, port, highWaterMark, graceMs } = options;
  const factory = new EchoFactory();
  const endpoint = new TCP4ServerEndpoint(reactor, port, {
    interface: host,
    bufferSize: highWaterMark,
  });
  return endpoint.listen(factory).addCallback((listening) => {
    const { host, port } = listening.getHost();
    return { address: { host, port }, close: () => closeServer(listening, factory, graceMs) };
  });
}

/** Stop listening, end each connection (abort those still open after graceMs); fire with the stats. */
function closeServer(
  listening: IListeningPort,
  factory: EchoFactory,
  graceMs: number,
): Deferred<EchoServerStats> {
  const open = [...factory.open];
  for (const echo of open) echo.transport.loseWriteConnection(); // FIN; close once the client has
  const abort = reactor.callLater(graceMs, () => {
    for (const echo of open) echo.transport.abortConnection();
  });
  const closing = [listening.stopListening(), ...open.map((echo) => echo.closed)];
  return gatherResults(closing).addCallback(() => {
    if (abort.active()) abort.cancel();
    return { ...factory.stats };
  });
}

/** Sends its messages one at a time, checking each echo; `done` fires with how many it sent. */
class EchoClient extends Protocol {
  readonly done = new Deferred<number>(() => this.transport.abortConnection());
  private sent = 0;
  private message: Uint8Array = new Uint8Array(0);
  private received = 0;

  constructor(
    private readonly c: number,
    private readonly o: EchoClientSettings,
  ) {
    super();
  }

  override connectionMade(): void {
    this.sendNext();
  }

  override dataReceived(data: Uint8Array): void {
    const expected = this.message.subarray(this.received, this.received + data.length);
    if (!sameBytes(expected, data)) {
      this.done.errback(echoMismatch(this.c, this.sent - 1));
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
    else this.done.errback(closedEarly(reason.value));
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
  const { error, options } = normalizeEchoClientOptions(o);
  if (error) return fail(error);
  const { host, port, connections, size, timeoutMs } = options;
  const endpoint = new TCP4ClientEndpoint(reactor, host, port);
  const clients = Array.from({ length: connections }, (_, c) =>
    connectProtocol(endpoint, new EchoClient(c, options)).addCallback((client) => client.done),
  );
  const d = gatherResults(clients, true)
    .addErrback((f: Failure) => {
      for (const client of clients) client.cancel(); // the first failure cancels the rest
      return (f.value as FirstError).subFailure; // … and is the whole's
    })
    .addCallback((sent): EchoClientStats => {
      const messages = sent.reduce((a, b) => a + b, 0);
      return { messages, bytes: messages * size, mismatches: 0 };
    });
  return timeoutMs === undefined ? d : d.addTimeout(timeoutMs, reactor, timedOut);
}
