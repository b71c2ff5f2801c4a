/**
 * Twisted model, inlineCallbacks — T3 serveEcho and T4 echoClient, the same tasks as ../echo.ts.
 * Contract: comparisons/SPEC.md T3, T4; options and EINVAL from task-spec's normalisers,
 * payload bytes and the EPROTO error from task-spec.
 * The server stays the Echo Protocol of ../echo.ts (in Twisted, serving is reacting to events);
 * its setup and shutdown become sequential code. The client's closed loop is a `for` with a
 * `yield` per chunk: a small Protocol puts what it receives on a DeferredQueue, and the loop
 * `yield`s its `get()`. Lineage: twisted/internet/defer.py (inlineCallbacks, DeferredQueue,
 * gatherResults, FirstError) over twisted/internet/protocol.py and twisted/internet/endpoints.py.
 * Read ../../deferred.ts, the engine, next.
 */
import {
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
import { Deferred, fail } from '../../deferred.js';
import { gatherResults } from '../../deferred-list.js';
import { connectProtocol, TCP4ClientEndpoint, TCP4ServerEndpoint } from '../../endpoints.js';
import { FirstError } from '../../errors.js';
import type { Failure } from '../../failure.js';
import { inlineCallbacks } from '../../inline-callbacks.js';
import type { IListeningPort } from '../../interfaces.js';
import { Protocol } from '../../protocol.js';
import { DeferredQueue } from '../../queue.js';
import { reactor } from '../../reactor.js';
import { EchoFactory, type EchoServer } from '../echo.js';
import { closedEarly, timedOut } from '../support/errors.js';

/** Listen on host:port; fires with the server's address and its close(). */
export const serveEcho = inlineCallbacks(function* (o?: EchoServerOptions) {
  const { error, options } = normalizeEchoServerOptions(o);
  if (error) throw error;
  const { host, port, highWaterMark, graceMs } = options;
  const factory = new EchoFactory();
  const endpoint = new TCP4ServerEndpoint(reactor, port, {
    interface: host,
    bufferSize: highWaterMark,
  });
  const listening: IListeningPort = yield endpoint.listen(factory);
  const bound = listening.getHost();
  const server: EchoServer = {
    address: { host: bound.host, port: bound.port },
    close: () => closeServer(listening, factory, graceMs),
  };
  return server;
});

/** Stop listening, end each connection (abort those still open after graceMs); fire with the stats. */
const closeServer = inlineCallbacks(function* (
  listening: IListeningPort,
  factory: EchoFactory,
  graceMs: number,
) {
  const open = [...factory.open];
  for (const echo of open) echo.transport.loseWriteConnection(); // FIN; close once the client has
  const abort = reactor.callLater(graceMs, () => {
    for (const echo of open) echo.transport.abortConnection();
  });
  yield listening.stopListening();
  yield gatherResults(open.map((echo) => echo.closed));
  if (abort.active()) abort.cancel();
  const stats: EchoServerStats = { ...factory.stats };
  return stats;
});

/** Puts each chunk it receives on a queue, then the Failure the connection ended with. */
class Receiver extends Protocol {
  readonly received = new DeferredQueue<Uint8Array | Failure>();
  readonly closed = new Deferred<void>();

  override dataReceived(data: Uint8Array): void {
    this.received.put(data);
  }

  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.received.put(reason); // a get() of a Failure fails: the yield throws its value
    this.closed.callback(undefined);
  }
}

/** One connection's closed loop: send, read until the whole echo is back, compare, next. */
const echoLoop = inlineCallbacks(function* (
  endpoint: TCP4ClientEndpoint,
  c: number,
  o: EchoClientSettings,
) {
  const client: Receiver = yield connectProtocol(endpoint, new Receiver());
  try {
    for (let m = 0; m < o.messages; m++) {
      const message = payload(c, m, o.size);
      client.transport.write(message);
      for (let got = 0; got < o.size; ) {
        const echo: Uint8Array = yield client.received.get();
        if (!sameBytes(message.subarray(got, got + echo.length), echo)) throw echoMismatch(c, m);
        got += echo.length;
      }
    }
  } catch (err) {
    client.transport.abortConnection(); // cancelled, mismatched or cut short: drop it
    throw closedEarly(err);
  }
  client.transport.loseConnection();
  yield client.closed;
  return o.messages;
});

/** Every connection's loop at once, gathered; the first failure cancels the rest. */
const echoLoops = inlineCallbacks(function* (o: EchoClientSettings) {
  const endpoint = new TCP4ClientEndpoint(reactor, o.host, o.port);
  const loops = Array.from({ length: o.connections }, (_, c) => echoLoop(endpoint, c, o));
  try {
    const sent: number[] = yield gatherResults(loops, true);
    const messages = sent.reduce((a, b) => a + b, 0);
    const stats: EchoClientStats = { messages, bytes: messages * o.size, mismatches: 0 };
    return stats;
  } catch (err) {
    for (const loop of loops) loop.cancel(); // the first failure cancels the rest
    if (err instanceof FirstError) err.subFailure.raiseException(); // … and is the whole's
    throw err;
  }
});

/** Run `connections` closed loops at once, within the deadline. */
export function echoClient(o: EchoClientOptions): Deferred<EchoClientStats> {
  const { error, options } = normalizeEchoClientOptions(o);
  if (error) return fail(error);
  const d = echoLoops(options);
  return options.timeoutMs === undefined ? d : d.addTimeout(options.timeoutMs, reactor, timedOut);
}
