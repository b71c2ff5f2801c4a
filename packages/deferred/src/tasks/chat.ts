/**
 * Twisted model, chained callbacks — T5 serveChat (comparisons/SPEC.md): the classic Twisted
 * chat server. A Chatter (a LineReceiver) per connection; the ChatFactory holds the room —
 * the joined clients by name — and fans each line out with `transport.write`, which never
 * blocks: each client's transport buffer is its queue, and a client with more than
 * maxQueuedBytes waiting is dropped with `abortConnection()`. Every outcome is a Deferred.
 * Lineage: Twisted's docs/core/examples/chatserver.py (MyChat, factory.clients) on
 * twisted/protocols/basic.py's LineReceiver. Read ../line-receiver.ts, then inline/chat.ts.
 */
import {
  type ChatAddress,
  type ChatServerOptions,
  type ChatServerSettings,
  type ChatServerStats,
  chatName,
  chatSays,
  MAX_CHAT_LINE_BYTES,
  normalizeChatServerOptions,
  relayed,
} from '@async-rosetta/task-spec';
import { Deferred, fail } from '../deferred.js';
import { gatherResults } from '../deferred-list.js';
import { TCP4ServerEndpoint } from '../endpoints.js';
import type { Failure } from '../failure.js';
import type { IListeningPort } from '../interfaces.js';
import { LineReceiver } from '../line-receiver.js';
import { Factory } from '../protocol.js';
import { reactor } from '../reactor.js';

/** A running chat server: where it listens, and a close() that fires with its stats. */
export interface ChatServer {
  address: ChatAddress;
  close(): Deferred<ChatServerStats>;
}

/** One client: its first good line names it; every later line goes to the others. */
export class Chatter extends LineReceiver {
  declare factory: ChatFactory;
  override delimiter = '\n';
  override MAX_LENGTH = MAX_CHAT_LINE_BYTES;
  name: string | null = null;
  dropped = false;
  /** Fires once the connection is gone. */
  readonly closed = new Deferred<void>();

  override connectionMade(): void {
    this.factory.open.add(this);
    this.factory.stats.connections += 1;
  }

  override lineReceived(line: Uint8Array): void {
    if (this.factory.closing) return; // closing: read and discard
    if (this.name === null) this.factory.join(this, line);
    else this.factory.say(this, line);
  }

  override lineLengthExceeded(): void {
    this.factory.send(this, chatSays.lineTooLong); // keep the connection; the line is skipped
  }

  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.factory.leave(this);
    this.factory.open.delete(this);
    this.closed.callback(undefined);
  }
}

/** The room: who has joined, what every line becomes, and the one rule for slow readers. */
export class ChatFactory extends Factory<Chatter> {
  override protocol = Chatter;
  readonly joined = new Map<string, Chatter>();
  readonly open = new Set<Chatter>();
  readonly stats: ChatServerStats = {
    connections: 0,
    linesRelayed: 0,
    dropped: 0,
    peakQueuedBytes: 0,
  };
  closing = false;

  constructor(private readonly maxQueuedBytes: number) {
    super();
  }

  join(chatter: Chatter, line: Uint8Array): void {
    const name = chatName(line);
    if (name === null) this.send(chatter, chatSays.badName);
    else if (this.joined.has(name)) this.send(chatter, chatSays.nameTaken);
    else this.welcome(chatter, name);
  }

  welcome(chatter: Chatter, name: string): void {
    chatter.name = name;
    this.joined.set(name, chatter);
    this.send(chatter, chatSays.youAre(name));
    this.broadcast(chatSays.joined(name), chatter);
  }

  say(chatter: Chatter, line: Uint8Array): void {
    this.stats.linesRelayed += 1;
    this.broadcast(relayed(chatter.name!, line), chatter);
  }

  leave(chatter: Chatter): void {
    if (chatter.name === null || this.joined.get(chatter.name) !== chatter) return;
    this.joined.delete(chatter.name);
    if (!this.closing) this.broadcast(chatSays.left(chatter.name));
  }

  /** To every joined client but `from`, in one pass: one order for all of them. */
  broadcast(message: Uint8Array, from?: Chatter): void {
    for (const chatter of this.joined.values()) if (chatter !== from) this.send(chatter, message);
  }

  /** Write without waiting; drop a client once more than maxQueuedBytes waits for it. */
  send(chatter: Chatter, message: Uint8Array): void {
    if (chatter.dropped) return;
    chatter.transport.write(message);
    const waiting = chatter.transport.getBufferedBytes();
    this.stats.peakQueuedBytes = Math.max(this.stats.peakQueuedBytes, waiting);
    if (waiting <= this.maxQueuedBytes) return;
    chatter.dropped = true;
    this.stats.dropped += 1;
    chatter.transport.abortConnection(); // connectionLost follows, and with it `left`
  }
}

/** Listen on host:port; fires with the server's address and its close(). */
export function serveChat(o: ChatServerOptions = {}): Deferred<ChatServer> {
  const { options, error } = normalizeChatServerOptions(o);
  if (error) return fail(error);
  const factory = new ChatFactory(options.maxQueuedBytes);
  return new TCP4ServerEndpoint(reactor, options.port, { interface: options.host })
    .listen(factory)
    .addCallback((listening) => {
      const { host, port } = listening.getHost();
      return { address: { host, port }, close: () => closeChat(listening, factory, options) };
    });
}

/** Stop listening; say goodbye and lose each connection (abort after graceMs); fire with the stats. */
export function closeChat(
  listening: IListeningPort,
  factory: ChatFactory,
  { graceMs }: ChatServerSettings,
): Deferred<ChatServerStats> {
  factory.closing = true;
  const open = [...factory.open];
  for (const chatter of open) {
    chatter.transport.write(chatSays.serverClosing);
    chatter.transport.loseConnection(); // flush, then close
  }
  const abort = reactor.callLater(graceMs, () => {
    for (const chatter of open) chatter.transport.abortConnection();
  });
  const closing = [listening.stopListening(), ...open.map((chatter) => chatter.closed)];
  return gatherResults(closing).addCallback(() => {
    if (abort.active()) abort.cancel();
    return { ...factory.stats };
  });
}
