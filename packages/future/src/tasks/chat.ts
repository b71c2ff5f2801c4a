/**
 * asyncio-callback model — T5 serveChat (comparisons/SPEC.md) as Protocols: a Chatter per
 * connection cuts what `dataReceived` brings into lines by hand (asyncio has no line
 * protocol), and a Room shared by the Chatters holds the joined clients by name and fans
 * each line out with `transport.write`, which never blocks: each client's transport buffer
 * is its queue, and one with more than maxQueuedBytes waiting (`getWriteBufferSize()`) is
 * dropped with `transport.abort()`. Every outcome is a Future completed from a callback.
 * Contract: failures are the returned Future's exception (EINVAL for bad options, EADDRINUSE…).
 * Lineage: PEP 3156 / asyncio Protocols, the Tulip talk's chat demo (feihong/tulip-talk,
 * demos/8-chat/demo.py). Read ./echo.ts first; the helpers are in ./support/.
 */
import {
  type ChatAddress,
  ChatLineSplitter,
  type ChatServerStats,
  chatName,
  chatSays,
  LINE_TOO_LONG,
  normalizeChatServerOptions,
  relayed,
  type ChatServerOptions as SpecChatServerOptions,
} from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import { Protocol } from '../net/protocols.js';
import type { Server } from '../net/server.js';
import type { Transport } from '../net/transport.js';
import type { OnLoop } from './support/options.js';
import { failed, withLoop } from './support/start.js';

/** Options of `serveChat`: SPEC.md's, plus `loop`. */
export type ChatServerOptions = SpecChatServerOptions & OnLoop;

/** A running chat server: where it listens, and a close() whose Future gets its stats. */
export interface ChatServer {
  address: ChatAddress;
  close(): Future<ChatServerStats>;
}

/** One client: its first good line names it; every later line goes to the others. */
class Chatter extends Protocol {
  transport!: Transport;
  name: string | null = null;
  readonly #lines = new ChatLineSplitter();
  constructor(readonly room: Room) {
    super();
  }
  override connectionMade(transport: Transport): void {
    this.transport = transport;
    this.room.stats.connections++;
  }
  override dataReceived(data: Uint8Array): void {
    for (const line of this.#lines.push(data)) {
      if (this.room.closing) return; // closing: read and discard
      if (line === LINE_TOO_LONG) this.room.send(this, chatSays.lineTooLong);
      else if (this.name === null) this.room.join(this, line);
      else this.room.say(this, line);
    }
  }
  // eofReceived() stays falsy: at the client's EOF the transport flushes, then closes.
  override connectionLost(): void {
    this.room.leave(this);
  }
}

/** Who has joined, what every line becomes, and the one rule for slow readers. */
class Room {
  readonly joined = new Map<string, Chatter>();
  readonly stats: ChatServerStats = {
    connections: 0,
    linesRelayed: 0,
    dropped: 0,
    peakQueuedBytes: 0,
  };
  closing = false;
  constructor(readonly maxQueuedBytes: number) {}

  join(chatter: Chatter, line: Uint8Array): void {
    const name = chatName(line);
    if (name === null) this.send(chatter, chatSays.badName);
    else if (this.joined.has(name)) this.send(chatter, chatSays.nameTaken);
    else {
      chatter.name = name;
      this.joined.set(name, chatter);
      this.send(chatter, chatSays.youAre(name));
      this.broadcast(chatSays.joined(name), chatter);
    }
  }

  say(chatter: Chatter, line: Uint8Array): void {
    this.stats.linesRelayed++;
    this.broadcast(relayed(chatter.name!, line), chatter);
  }

  leave(chatter: Chatter): void {
    if (chatter.name === null) return;
    this.joined.delete(chatter.name);
    if (!this.closing) this.broadcast(chatSays.left(chatter.name));
  }

  /** To every joined client but `from`, in one pass: one order for all of them. */
  broadcast(message: Uint8Array, from?: Chatter): void {
    for (const chatter of this.joined.values()) if (chatter !== from) this.send(chatter, message);
  }

  /** Write without waiting; drop a client once more than maxQueuedBytes waits for it. */
  send(chatter: Chatter, message: Uint8Array): void {
    const transport = chatter.transport;
    if (transport.isClosing()) return; // dropped, or on its way out
    transport.write(message);
    const waiting = transport.getWriteBufferSize();
    this.stats.peakQueuedBytes = Math.max(this.stats.peakQueuedBytes, waiting);
    if (waiting <= this.maxQueuedBytes) return;
    this.stats.dropped++;
    transport.abort(); // connectionLost follows, and with it `left`
  }
}

/** Listens; close() says goodbye to every connection, closes them, then gives the stats. */
export function serveChat(o: ChatServerOptions = {}): Future<ChatServer> {
  const { loop, options, error } = withLoop(o, normalizeChatServerOptions(o));
  if (error) return failed(loop, error);
  const room = new Room(options.maxQueuedBytes);
  const serving = loop.createFuture<ChatServer>();
  const listening = loop.createServer(() => new Chatter(room), options.host, options.port);
  serving.addDoneCallback(() => listening.cancel()); // cancelled while listening starts
  listening.addDoneCallback((f) => {
    if (f.cancelled()) return;
    if (f.exception() !== null) {
      if (!serving.done()) serving.setException(f.exception()); // EADDRINUSE, EACCES…
      return;
    }
    const server = f.result();
    if (serving.done()) return void server.close(); // cancelled meanwhile: nobody will use it
    serving.setResult({
      address: server.address(),
      close: () => closeChat(server, room, options.graceMs),
    });
  });
  return serving;
}

/** Stops accepting, writes `* server closing` and closes every transport; aborts stragglers after graceMs. */
function closeChat(server: Server, room: Room, graceMs: number): Future<ChatServerStats> {
  const stats = server.getLoop().createFuture<ChatServerStats>();
  server.close();
  room.closing = true;
  for (const transport of server.transports()) {
    if (transport.isClosing()) continue;
    transport.write(chatSays.serverClosing);
    transport.close(); // flush, then close
  }
  const grace = server.getLoop().callLater(graceMs, () => server.abortClients());
  server.waitClosed().addDoneCallback(() => {
    grace.cancel();
    stats.setResult({ ...room.stats });
  });
  return stats;
}
