/**
 * asyncio-callback model — T3 serveEcho and T4 echoClient as Protocols: the transport
 * calls them back, they write; flow control is pauseWriting/resumeWriting; every
 * outcome is a Future completed from a callback.
 * Contract: comparisons/SPEC.md T3/T4; failures are the returned Future's exception.
 * Lineage: PEP 3156 / asyncio Protocols and the Tulip echo examples. Read ../../README.md next.
 */
import { TimeoutError } from '../errors.js';
import type { Future } from '../future.js';
import { type EventLoop, getEventLoop } from '../loop.js';
import { NetError } from '../net/net-error.js';
import { BaseProtocol } from '../net/protocols.js';
import type { Server } from '../net/server.js';
import type { Transport } from '../net/transport.js';
import {
  type EchoClientOptions,
  type EchoClientStats,
  type EchoServerOptions,
  type EchoServerStats,
  newServerStats,
} from './echo-stats.js';
import { checkEchoClient, checkEchoServer, samePrefix } from './echo-support.js';
import { payload } from './payload.js';

/** Writes back what it reads; stops reading while more than the high-water mark is pending. */
class Echo extends BaseProtocol {
  #transport!: Transport;
  #ending = false;
  constructor(
    readonly stats: EchoServerStats,
    readonly highWaterMark: number,
    readonly open: Set<Echo>,
  ) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    transport.setWriteBufferLimits(this.highWaterMark);
    this.stats.connections++;
    this.open.add(this);
  }
  override dataReceived(data: Uint8Array): void {
    if (this.#ending) return; // we said EOF: nothing more can be echoed
    this.#transport.write(data);
    this.stats.bytesEchoed += data.length;
    const pending = this.#transport.getWriteBufferSize();
    this.stats.peakBufferedBytes = Math.max(this.stats.peakBufferedBytes, pending);
  }
  override pauseWriting(): void {
    this.#transport.pauseReading(); // backpressure: the client waits until we have written
  }
  override resumeWriting(): void {
    this.#transport.resumeReading();
  }
  // eofReceived() stays falsy: at the client's EOF the transport flushes, then closes.
  override connectionLost(): void {
    this.open.delete(this);
  }
  /** Graceful end: flush, send EOF, and close when the client answers with its own. */
  end(): void {
    this.#ending = true;
    this.#transport.writeEof();
  }
}

export interface EchoServer {
  address: { host: string; port: number };
  close(): Future<EchoServerStats>;
}

export function serveEcho(o: EchoServerOptions = {}): Future<EchoServer> {
  const loop = o.loop ?? getEventLoop();
  const serving = loop.createFuture<EchoServer>();
  const bad = checkEchoServer(o);
  if (bad) {
    serving.setException(bad);
    return serving;
  }
  const stats = newServerStats();
  const open = new Set<Echo>();
  const protocol = () => new Echo(stats, o.highWaterMark ?? 64 * 1024, open);
  const listening = loop.createServer(protocol, o.host ?? '127.0.0.1', o.port ?? 0);
  serving.addDoneCallback(() => listening.cancel());
  listening.addDoneCallback((f) => {
    if (f.cancelled()) return;
    if (f.exception() !== null) {
      if (!serving.done()) serving.setException(f.exception()); // EADDRINUSE, EACCES…
      return;
    }
    const server = f.result();
    if (serving.done()) return server.close(); // cancelled meanwhile
    const close = () => closeServer(loop, server, open, o.graceMs ?? 1000, stats);
    serving.setResult({ address: server.address(), close });
  });
  return serving;
}

/** Stop accepting, end every connection gracefully, abort the stragglers after graceMs. */
function closeServer(
  loop: EventLoop,
  server: Server,
  open: Set<Echo>,
  graceMs: number,
  stats: EchoServerStats,
): Future<EchoServerStats> {
  const closed = loop.createFuture<EchoServerStats>();
  server.close();
  for (const echo of open) echo.end();
  const grace = loop.callLater(graceMs, () => server.abortClients());
  server.waitClosed().addDoneCallback(() => {
    grace.cancel();
    closed.setResult({ ...stats });
  });
  return closed;
}

/** One connection of echoClient: send a message, collect its echo, compare, send the next. */
class EchoClient extends BaseProtocol {
  #transport!: Transport;
  #message = 0;
  #expected: Uint8Array = new Uint8Array(0);
  #received = 0;
  constructor(
    readonly done: Future<void>,
    readonly connection: number,
    readonly o: EchoClientOptions,
  ) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    this.done.addDoneCallback(() => transport.abort()); // failed or cancelled: drop it
    this.#sendNext();
  }
  #sendNext(): void {
    if (this.#message === this.o.messages) {
      this.#transport.close(); // all echoed: connectionLost(null) settles this connection
      return;
    }
    this.#expected = payload(this.connection, this.#message, this.o.size);
    this.#received = 0;
    this.#transport.write(this.#expected);
  }
  override dataReceived(data: Uint8Array): void {
    if (this.done.done()) return;
    if (!samePrefix(this.#expected, this.#received, data)) {
      this.done.setException(new NetError('EPROTO', 'the echo came back different'));
      return;
    }
    this.#received += data.length;
    if (this.#received === this.o.size) {
      this.#message++;
      this.#sendNext();
    }
  }
  override connectionLost(exc: Error | null): void {
    if (this.done.done()) return;
    if (this.#message === this.o.messages) this.done.setResult(undefined);
    else
      this.done.setException(exc ?? new NetError('ECONNRESET', 'closed before the echo was whole'));
  }
}

function echoConnection(loop: EventLoop, c: number, o: EchoClientOptions): Future<void> {
  const done = loop.createFuture<void>();
  const host = o.host ?? '127.0.0.1';
  const connecting = loop.createConnection(() => new EchoClient(done, c, o), host, o.port);
  connecting.addDoneCallback((f) => {
    if (f.cancelled() || f.exception() === null || done.done()) return;
    done.setException(f.exception()); // refused, unreachable…
  });
  done.addDoneCallback(() => connecting.cancel());
  return done;
}

/** `connections` closed-loop connections; a done-callback counter combines them. */
export function echoClient(o: EchoClientOptions): Future<EchoClientStats> {
  const loop = o.loop ?? getEventLoop();
  const all = loop.createFuture<EchoClientStats>();
  const bad = checkEchoClient(o);
  if (bad) {
    all.setException(bad);
    return all;
  }
  const connections = o.connections ?? 1;
  const running = new Set<Future<void>>();
  let left = connections;
  const start = (c: number): void => {
    const one = echoConnection(loop, c, o);
    running.add(one);
    one.addDoneCallback((f) => {
      running.delete(f);
      if (f.cancelled()) return;
      const exc = f.exception(); // looked at even when too late, so it is not reported as lost
      if (all.done()) return;
      if (exc !== null) return all.setException(exc); // the first failure fails the whole
      if (--left > 0) return;
      const messages = o.messages * connections;
      all.setResult({ messages, bytes: messages * o.size, mismatches: 0 });
    });
  };
  loop.callSoon(() => {
    for (let c = 0; c < connections && !all.done(); c++) start(c);
  });
  const deadline =
    o.timeoutMs === undefined
      ? null
      : loop.callLater(o.timeoutMs, () => {
          for (const f of running) f.cancel();
          all.setException(new TimeoutError(`echoClient: not done in ${o.timeoutMs} ms`));
        });
  all.addDoneCallback(() => {
    deadline?.cancel();
    for (const f of running) f.cancel(); // failed or cancelled: close every connection
  });
  return all;
}
