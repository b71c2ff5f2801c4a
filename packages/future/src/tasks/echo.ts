/**
 * asyncio-callback model — T3 serveEcho and T4 echoClient as Protocols: the transport
 * calls them back, they write; flow control is pauseWriting/resumeWriting; every
 * outcome is a Future completed from a callback.
 * Contract: comparisons/SPEC.md T3/T4; failures are the returned Future's exception.
 * Lineage: PEP 3156 / asyncio Protocols and the Tulip echo examples. Read ../../README.md
 * next; the helpers beside this file are the ones imported below.
 */
import type { EchoClientStats } from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import { getEventLoop } from '../loop.js';
import { NetError } from '../net/net-error.js';
import { BaseProtocol } from '../net/protocols.js';
import type { Transport } from '../net/transport.js';
import { checkEchoClient, checkEchoServer, failed } from './checks.js';
import { deadline } from './deadline.js';
import { EchoLedger } from './echo-stats.js';
import { gatherInto } from './gather-into.js';
import { closeGracefully } from './graceful-close.js';
import type { EchoClientOptions, EchoServer, EchoServerOptions } from './options.js';
import { EchoScript } from './payload.js';

/** Writes back what it reads; stops reading while more than the high-water mark is pending. */
class Echo extends BaseProtocol {
  #transport!: Transport;
  constructor(readonly ledger: EchoLedger) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    transport.setWriteBufferLimits(this.ledger.highWaterMark);
    this.ledger.accepted();
  }
  override dataReceived(data: Uint8Array): void {
    if (this.ledger.ending) return; // we sent our EOF: nothing more can be echoed
    this.#transport.write(data);
    this.ledger.echoed(data.length, this.#transport.getWriteBufferSize());
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
  const loop = o.loop ?? getEventLoop();
  const bad = checkEchoServer(o);
  if (bad) return failed(loop, bad);
  const serving = loop.createFuture<EchoServer>();
  const ledger = new EchoLedger(o.highWaterMark);
  const listening = loop.createServer(() => new Echo(ledger), o.host ?? '127.0.0.1', o.port ?? 0);
  gatherInto(
    serving,
    listening, // its failure (EADDRINUSE, EACCES…) fails serving; serving cancelled cancels it
    (server) => {
      const close = () => closeGracefully(server, ledger, o.graceMs);
      serving.setResult({ address: server.address(), close });
    },
    (late) => late.close(), // listening only once serving was cancelled
  );
  return serving;
}

/** One connection of echoClient: send a message, wait for its whole echo, send the next. */
class EchoClient extends BaseProtocol {
  #transport!: Transport;
  constructor(
    readonly done: Future<void>,
    readonly script: EchoScript,
  ) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.#transport = transport;
    this.done.addDoneCallback(() => transport.abort()); // failed or cancelled: drop it
    this.#sendNext();
  }
  #sendNext(): void {
    const message = this.script.next();
    if (message !== null) this.#transport.write(message);
    else this.#transport.close(); // all echoed: connectionLost(null) settles this connection
  }
  override dataReceived(data: Uint8Array): void {
    if (this.done.done()) return;
    const echo = this.script.take(data);
    if (echo === 'whole') this.#sendNext();
    else if (echo === 'mismatch') this.done.setException(new NetError('EPROTO', 'echo mismatch'));
  }
  override connectionLost(exc: Error | null): void {
    if (this.done.done()) return;
    if (this.script.finished()) this.done.setResult(undefined);
    else this.done.setException(exc ?? new NetError('ECONNRESET', 'closed mid-echo'));
  }
}

/** `connections` closed-loop connections, each an EchoClient, counted down as they finish. */
export function echoClient(o: EchoClientOptions): Future<EchoClientStats> {
  const loop = o.loop ?? getEventLoop();
  const bad = checkEchoClient(o);
  if (bad) return failed(loop, bad);
  const all = loop.createFuture<EchoClientStats>();
  const connections = o.connections ?? 1;
  let left = connections;
  loop.callSoon(() => {
    for (let c = 0; c < connections && !all.done(); c++) {
      const client = new EchoClient(loop.createFuture(), new EchoScript(c, o.messages, o.size));
      const connecting = loop.createConnection(() => client, o.host ?? '127.0.0.1', o.port);
      gatherInto(client.done, connecting); // refused: it fails; its end stops a pending connect
      // The first failure fails all; all's end (failed, cancelled, timed out) ends every one.
      gatherInto(all, client.done, () => {
        if (--left > 0) return;
        const messages = o.messages * connections;
        all.setResult({ messages, bytes: messages * o.size, mismatches: 0 });
      });
    }
  });
  deadline(all, o.timeoutMs, 'echoClient');
  return all;
}
