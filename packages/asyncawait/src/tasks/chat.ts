/**
 * async/await model — T5 serveChat (comparisons/SPEC.md), written the way a user of native
 * async functions writes it: one async function per connection, `for await` over the
 * socket's lines (an async generator), the room a Map of the joined sockets by name.
 * Relaying never awaits: `socket.write` queues in the socket's own buffer, so each client's
 * socket is its queue, and one whose `writableLength` passes maxQueuedBytes is reset.
 * Contract: failures reject the returned Promise (EINVAL for bad options, EADDRINUSE…).
 * Lineage: PEP 492 / ECMAScript async functions on node:net; the Tulip talk's chat demo
 * (feihong/tulip-talk, demos/8-chat/demo.py). Read ./echo.ts first; the helpers are in support/.
 */
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import {
  type ChatAddress,
  ChatLineSplitter,
  type ChatServerOptions,
  type ChatServerStats,
  chatName,
  chatSays,
  LINE_TOO_LONG,
  normalizeChatServerOptions,
  relayed,
} from '@async-rosetta/task-spec';
import { Deadline } from './support/deadline.js';

export interface ChatServer {
  address: ChatAddress;
  /** Stops accepting, says goodbye, ends every connection (destroying them after graceMs), resolves with the stats. */
  close(): Promise<ChatServerStats>;
}

/** The lines of `socket`, LINE_TOO_LONG for one past 1,024 bytes; ends with the stream. */
async function* lines(socket: Socket): AsyncGenerator<Uint8Array | typeof LINE_TOO_LONG> {
  const splitter = new ChatLineSplitter();
  // destroyOnReturn: false, so that what we still owe the client is flushed at its end.
  for await (const chunk of socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>)
    yield* splitter.push(chunk);
}

/**
 * Starts a chat server; resolves once it listens.
 *
 * @example
 * const server = await serveChat({ port: 7008 });
 * const { linesRelayed } = await server.close();
 */
export async function serveChat(options: ChatServerOptions = {}): Promise<ChatServer> {
  const checked = normalizeChatServerOptions(options);
  if (checked.error) throw checked.error;
  const o = checked.options;
  const stats: ChatServerStats = {
    connections: 0,
    linesRelayed: 0,
    dropped: 0,
    peakQueuedBytes: 0,
  };
  const joined = new Map<string, Socket>();
  const open = new Set<Socket>();
  let closing = false;

  /** Write without waiting; drop a client once more than maxQueuedBytes waits for it. */
  function send(socket: Socket, message: Uint8Array): void {
    if (socket.destroyed || socket.writableEnded) return;
    socket.write(message);
    stats.peakQueuedBytes = Math.max(stats.peakQueuedBytes, socket.writableLength);
    if (socket.writableLength <= o.maxQueuedBytes) return;
    stats.dropped++;
    socket.resetAndDestroy(); // its read loop ends, and with it the `left`
  }

  /** To every joined client but `from`, in one pass: one order for all of them. */
  function broadcast(message: Uint8Array, from?: Socket): void {
    for (const socket of joined.values()) if (socket !== from) send(socket, message);
  }

  async function converse(socket: Socket): Promise<void> {
    let name: string | null = null;
    try {
      for await (const line of lines(socket)) {
        if (closing) continue; // closing: read and discard
        if (line === LINE_TOO_LONG) send(socket, chatSays.lineTooLong);
        else if (name !== null) {
          stats.linesRelayed++;
          broadcast(relayed(name, line), socket);
        } else {
          const wanted = chatName(line);
          if (wanted === null) send(socket, chatSays.badName);
          else if (joined.has(wanted)) send(socket, chatSays.nameTaken);
          else {
            name = wanted;
            joined.set(name, socket);
            send(socket, chatSays.youAre(name));
            broadcast(chatSays.joined(name), socket);
          }
        }
      }
    } finally {
      if (name !== null) {
        joined.delete(name);
        if (!closing) broadcast(chatSays.left(name));
      }
    }
  }

  const server = createServer((socket) => {
    stats.connections++;
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => {}); // a reset ends the read loop; nothing else to do with it
    converse(socket).catch(() => socket.destroy());
  });
  server.listen(o.port, o.host);
  await once(server, 'listening');

  async function shutdown(): Promise<ChatServerStats> {
    closing = true;
    server.close(); // stop accepting; 'close' once the last connection is gone
    for (const socket of open) if (!socket.writableEnded) socket.end(chatSays.serverClosing); // after what waits, then FIN
    const grace = new Deadline(o.graceMs);
    try {
      await once(server, 'close', { signal: grace.signal });
    } catch {
      for (const socket of open) socket.destroy(); // grace is over
      await once(server, 'close');
    } finally {
      grace.clear();
    }
    return { ...stats };
  }
  let closing$: Promise<ChatServerStats> | undefined;
  return {
    address: { host: o.host, port: (server.address() as AddressInfo).port },
    close: () => (closing$ ??= shutdown()),
  };
}
