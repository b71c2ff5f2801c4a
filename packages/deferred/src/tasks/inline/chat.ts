/**
 * Twisted model, inlineCallbacks — T5 serveChat (comparisons/SPEC.md). The room stays the
 * ChatFactory and its Chatter protocols of ../chat.ts (in Twisted, serving is reacting to
 * events: protocols are callbacks); starting the server and closing it become sequential
 * code that `yield`s on Deferreds. Lineage: Twisted's @inlineCallbacks over
 * docs/core/examples/chatserver.py. Read ../chat.ts first.
 */
import {
  type ChatServerOptions,
  type ChatServerSettings,
  chatSays,
  normalizeChatServerOptions,
} from '@async-rosetta/task-spec';
import { gatherResults } from '../../deferred-list.js';
import { TCP4ServerEndpoint } from '../../endpoints.js';
import { inlineCallbacks } from '../../inline-callbacks.js';
import type { IListeningPort } from '../../interfaces.js';
import { reactor } from '../../reactor.js';
import { ChatFactory, type ChatServer } from '../chat.js';

/** Listen on host:port; fires with the server's address and its close(). */
export const serveChat = inlineCallbacks(function* (o: ChatServerOptions = {}) {
  const { options, error } = normalizeChatServerOptions(o);
  if (error) throw error;
  const factory = new ChatFactory(options.maxQueuedBytes);
  const endpoint = new TCP4ServerEndpoint(reactor, options.port, { interface: options.host });
  const listening: IListeningPort = yield endpoint.listen(factory);
  const { host, port } = listening.getHost();
  const server: ChatServer = {
    address: { host, port },
    close: () => closeChat(listening, factory, options),
  };
  return server;
});

/** Stop listening; say goodbye and lose each connection (abort after graceMs); fire with the stats. */
const closeChat = inlineCallbacks(function* (
  listening: IListeningPort,
  factory: ChatFactory,
  { graceMs }: ChatServerSettings,
) {
  factory.closing = true;
  const open = [...factory.open];
  for (const chatter of open) {
    chatter.transport.write(chatSays.serverClosing);
    chatter.transport.loseConnection(); // flush, then close
  }
  const abort = reactor.callLater(graceMs, () => {
    for (const chatter of open) chatter.transport.abortConnection();
  });
  yield listening.stopListening();
  yield gatherResults(open.map((chatter) => chatter.closed));
  if (abort.active()) abort.cancel();
  return { ...factory.stats };
});
