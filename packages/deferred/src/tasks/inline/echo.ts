/**
 * Twisted model, inlineCallbacks — T3 serveEcho and T4 echoClient (comparisons/SPEC.md).
 * The server stays the Echo Protocol of ../echo.ts (that is Twisted: protocols are
 * callbacks); its setup and shutdown, and the client's closed loop, become
 * sequential code that `yield`s on Deferreds. Lineage: Twisted's @inlineCallbacks.
 */
import type { Deferred } from '../../deferred.js';
import { connectProtocol, TCP4ClientEndpoint, TCP4ServerEndpoint } from '../../endpoints.js';
import { inlineCallbacks } from '../../inline-callbacks.js';
import type { IListeningPort } from '../../interfaces.js';
import { reactor } from '../../reactor.js';
import { EchoFactory } from '../echo.js';
import {
  clientStats,
  EchoMismatch,
  MessageReader,
  matchesAt,
  payload,
  range,
} from '../support/echo.js';
import { gatherFailFast } from '../support/gather.js';
import type {
  EchoClientOptions,
  EchoClientStats,
  EchoServer,
  EchoServerOptions,
} from '../support/options.js';
import { checkEchoClientOptions, DEFAULT_GRACE_MS } from '../support/options.js';

/** Listen on host:port; fires with the server's address and its close(). */
export const serveEcho = inlineCallbacks(function* (o: EchoServerOptions = {}) {
  const factory = new EchoFactory();
  const options = { interface: o.host ?? '127.0.0.1', bufferSize: o.highWaterMark };
  const endpoint = new TCP4ServerEndpoint(reactor, o.port ?? 0, options);
  const listening: IListeningPort = yield endpoint.listen(factory);
  const { host, port } = listening.getHost();
  const server: EchoServer = {
    address: { host, port },
    close: () => closeServer(listening, factory, o.graceMs ?? DEFAULT_GRACE_MS),
  };
  return server;
});

/** Stop listening, end each connection (abort those still open after graceMs); fire with the stats. */
const closeServer = inlineCallbacks(function* (
  listening: IListeningPort,
  factory: EchoFactory,
  graceMs: number,
) {
  const { open } = factory.connections;
  for (const echo of open) echo.transport.loseWriteConnection(); // FIN; close once the client has
  const abort = reactor.callLater(graceMs, () => {
    for (const echo of open) echo.transport.abortConnection();
  });
  yield listening.stopListening();
  yield factory.connections.whenEmpty();
  if (abort.active()) abort.cancel();
  return factory.stats.snapshot();
});

/** One connection's closed loop: send, wait for the whole echo, compare, next. */
const runConnection = inlineCallbacks(function* (c: number, o: EchoClientOptions) {
  const endpoint = new TCP4ClientEndpoint(reactor, o.host ?? '127.0.0.1', o.port);
  const reader: MessageReader = yield connectProtocol(endpoint, new MessageReader());
  try {
    for (let m = 0; m < o.messages; m++) {
      const message = payload(c, m, o.size);
      reader.transport.write(message);
      const echo: Uint8Array = yield reader.readExactly(o.size);
      if (!matchesAt(message, 0, echo)) throw new EchoMismatch(c, m);
    }
  } finally {
    yield reader.close();
  }
  return o.messages;
});

const runClients = inlineCallbacks(function* (o: EchoClientOptions) {
  checkEchoClientOptions(o);
  const connections = range(o.connections ?? 1).map((c) => runConnection(c, o));
  const counts: number[] = yield gatherFailFast(connections);
  return clientStats(counts, o.size);
});

/** Run `connections` closed loops at once; the first failure cancels the others. */
export function echoClient(o: EchoClientOptions): Deferred<EchoClientStats> {
  const d = runClients(o);
  return o.timeoutMs === undefined ? d : d.addTimeout(o.timeoutMs, reactor);
}
