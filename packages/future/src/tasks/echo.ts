/**
 * asyncio-callback model — T3 serveEcho and T4 echoClient as Protocols: the transport
 * calls them back, they write; flow control is pauseWriting/resumeWriting; every outcome
 * is a Future completed from a callback.
 * Contract: comparisons/SPEC.md T3/T4; every failure, EINVAL included, is the returned
 * Future's exception.
 * Lineage: the echo protocols of asyncio's documentation (Doc/library/asyncio-protocol.rst,
 * `EchoServerProtocol`/`EchoClientProtocol`: subclasses of `asyncio.Protocol`) over
 * `loop.create_server`/`create_connection`; `Server.close()` + `wait_closed()`, then
 * `abort_clients()` after the grace (Lib/asyncio/base_events.py, 3.13). Read ../../README.md next.
 */
import {
  deadlineMessage,
  type EchoAddress,
  type EchoClientStats,
  type EchoServerStats,
  echoMismatch,
  normalizeEchoClientOptions,
  normalizeEchoServerOptions,
  payload,
  sameBytes,
  TaskError,
} from '@async-rosetta/task-spec';
import { TimeoutError } from '../errors.js';
import type { Future } from '../future.js';
import { Protocol } from '../net/protocols.js';
import type { Server } from '../net/server.js';
import type { Transport } from '../net/transport.js';
import type { EchoClientOptions, EchoServerOptions } from './support/options.js';
import { failed, withLoop } from './support/start.js';

/** A running echo server: where it listens, and a close() whose Future gets its stats. */
export interface EchoServer {
  address: EchoAddress;
  close(): Future<EchoServerStats>;
}

/** What the connections of one server share: its stats, its high-water mark, whether it is closing. */
interface Shared {
  stats: EchoServerStats;
  highWaterMark: number;
  closing: boolean;
}

/** Writes back what it reads; stops reading while more than the high-water mark is pending. */
class Echo extends Protocol {
  #transport!: Transport;
  constructor(readonly server: Shared) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    transport.setWriteBufferLimits(this.server.highWaterMark);
    this.server.stats.connections++;
  }
  override dataReceived(data: Uint8Array): void {
    if (this.server.closing) return; // we sent our EOF: nothing more can be echoed
    this.#transport.write(data);
    const { stats } = this.server;
    const pending = this.#transport.getWriteBufferSize();
    stats.bytesEchoed += data.length;
    stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, pending);
  }
  override pauseWriting(): void {
    this.#transport.pauseReading(); // backpressure: the client waits until we have written
  }
  override resumeWriting(): void {
    this.#transport.resumeReading();
  }
  // eofReceived() stays falsy: at the client's EOF the transport flushes, then closes.
}

/** Listens; close() ends every connection gracefully, then gives the stats. */
export function serveEcho(o: EchoServerOptions = {}): Future<EchoServer> {
  const { loop, options, error } = withLoop(o, normalizeEchoServerOptions(o));
  if (error) return failed(loop, error);
  const stats = { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };
  const shared: Shared = { stats, highWaterMark: options.highWaterMark, closing: false };
  const close = (server: Server): Future<EchoServerStats> => {
    const closed = loop.createFuture<EchoServerStats>();
    server.close(); // stop accepting
    shared.closing = true;
    for (const transport of server.transports()) transport.writeEof(); // each closes at its client's EOF
    const grace = loop.callLater(options.graceMs, () => server.abortClients());
    server.waitClosed().addDoneCallback(() => {
      grace.cancel();
      closed.setResult({ ...stats });
    });
    return closed;
  };
  const serving = loop.createFuture<EchoServer>();
  const listening = loop.createServer(() => new Echo(shared), options.host, options.port);
  serving.addDoneCallback(() => listening.cancel()); // cancelled while listening starts
  listening.addDoneCallback((f) => {
    if (f.cancelled()) return;
    if (f.exception() !== null) {
      if (!serving.done()) serving.setException(f.exception()); // EADDRINUSE, EACCES…
      return;
    }
    const server = f.result();
    if (serving.done()) return void server.close(); // cancelled meanwhile: nobody will use it
    serving.setResult({ address: server.address(), close: () => close(server) });
  });
  return serving;
}

/** One connection of echoClient: send a message, read its whole echo, compare, send the next. */
class EchoConnection extends Protocol {
  #transport!: Transport;
  #m = 0; // the message in flight
  #sent: Uint8Array = new Uint8Array(0);
  #received = 0; // bytes of its echo so far
  constructor(
    readonly done: Future<void>,
    readonly c: number,
    readonly messages: number,
    readonly size: number,
  ) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    this.done.addDoneCallback(() => transport.abort()); // failed or cancelled: drop it
    this.#sendNext();
  }
  #sendNext(): void {
    if (this.#m < this.messages) {
      this.#sent = payload(this.c, this.#m, this.size);
      this.#received = 0;
      this.#transport.write(this.#sent);
    } else this.#transport.close(); // all echoed: connectionLost(null) settles this connection
  }
  override dataReceived(data: Uint8Array): void {
    if (this.done.done()) return;
    const at = this.#received;
    if (!sameBytes(this.#sent.subarray(at, at + data.length), data)) {
      this.done.setException(echoMismatch(this.c, this.#m));
      return;
    }
    this.#received += data.length;
    if (this.#received < this.size) return; // more of this echo to come
    this.#m++;
    this.#sendNext();
  }
  override connectionLost(exc: Error | null): void {
    if (this.done.done()) return;
    if (this.#m === this.messages) this.done.setResult(undefined);
    else
      this.done.setException(
        exc ?? new TaskError('ECONNRESET', 'closed before the echo was whole'),
      );
  }
}

/** `connections` EchoConnections, counted down by done-callbacks; the first failure ends all. */
export function echoClient(o: EchoClientOptions): Future<EchoClientStats> {
  const { loop, options, error } = withLoop(o, normalizeEchoClientOptions(o));
  if (error) return failed(loop, error);
  const { host, port, messages, size, connections, timeoutMs } = options;
  const all = loop.createFuture<EchoClientStats>();
  const running = new Set<Future<void>>();
  all.addDoneCallback(() => {
    for (const done of running) done.cancel(); // failed, cancelled or timed out: close every one
  });
  if (timeoutMs !== undefined) {
    const timer = loop.callLater(timeoutMs, () => {
      if (!all.done()) all.setException(new TimeoutError(deadlineMessage(timeoutMs)));
    });
    all.addDoneCallback(() => timer.cancel());
  }
  let left = connections;
  loop.callSoon(() => {
    for (let c = 0; c < connections && !all.done(); c++) {
      const done = loop.createFuture<void>();
      const connecting = loop.createConnection(
        () => new EchoConnection(done, c, messages, size),
        host,
        port,
      );
      done.addDoneCallback(() => connecting.cancel()); // ended before connected: stop connecting
      connecting.addDoneCallback((f) => {
        if (!f.cancelled() && f.exception() !== null && !done.done())
          done.setException(f.exception()); // refused
      });
      running.add(done);
      done.addDoneCallback((f) => {
        running.delete(f);
        if (f.cancelled()) return; // by all's done-callback: all is over
        const exc = f.exception(); // looked at even when late, so none is "never retrieved"
        if (all.done()) return;
        if (exc !== null) return all.setException(exc); // fail-fast: the first failure fails all
        const total = messages * connections;
        if (--left === 0) all.setResult({ messages: total, bytes: total * size, mismatches: 0 });
      });
    }
  });
  return all;
}
