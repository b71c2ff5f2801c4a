/**
 * Generator trampoline model — T5 serveChat (comparisons/SPEC.md), as a user of asyncio
 * streams writes it: a handler Task per connection reads lines with `readuntil` (the
 * reader's limit is the line limit), and every client has its own Queue drained by its own
 * writer Task (get → write → drain). The handler that relays a line only `putNowait`s, so a
 * slow reader stalls nothing but its own writer Task; a client with more than
 * maxQueuedBytes in its queue and transport together is dropped with `writer.abort()`.
 * Contract: failures are the returned Task's exception (EINVAL for bad options, EADDRINUSE…).
 * Lineage: asyncio's start_server/StreamReader.readuntil/Queue in the @coroutine era; the
 * Tulip talk's chat demo (feihong/tulip-talk, demos/8-chat/demo.py). Read ./echo.ts first.
 */
import {
  type ChatAddress,
  type ChatServerOptions,
  type ChatServerStats,
  chatName,
  chatSays,
  LINE_TOO_LONG,
  MAX_CHAT_LINE_BYTES,
  normalizeChatServerOptions,
  relayed,
} from '@async-rosetta/task-spec';
import { LimitOverrunError } from '../errors.js';
import { type Operation, wait } from '../ops.js';
import { Queue } from '../queue.js';
import { startServer } from '../streams/open.js';
import type { StreamReader } from '../streams/reader.js';
import type { StreamWriter } from '../streams/writer.js';
import { spawn, type Task } from '../task.js';
import { waitAll } from '../wait-all.js';

/** A running chat server: where it listens, and a close() that is a Task of its stats. */
export interface ChatServer {
  address: ChatAddress;
  close(): Task<ChatServerStats>;
}

/** One client: its name once joined, and what waits for it (null in the queue: end). */
class Client {
  name: string | null = null;
  queued = 0;
  ended = false;
  readonly queue = new Queue<Uint8Array | null>();
  constructor(readonly writer: StreamWriter) {}

  /** Bytes waiting for this client: in its queue, and in its transport. */
  waiting(): number {
    return this.queued + this.writer.transport.getWriteBufferSize();
  }

  /** Queues `message` for the writer Task. */
  put(message: Uint8Array): void {
    this.queue.putNowait(message);
    this.queued += message.length;
  }

  /** After what is queued (and a last `message`), flush and close. */
  end(message?: Uint8Array): void {
    if (this.ended) return;
    if (message !== undefined) this.put(message);
    this.queue.putNowait(null);
    this.ended = true;
  }
}

/** The next line (its `\n` cut off), LINE_TOO_LONG past the reader's limit, null at the end. */
function* readLine(reader: StreamReader): Operation<Uint8Array | typeof LINE_TOO_LONG | null> {
  let consumed: number;
  try {
    const line = yield* wait(reader.readuntil('\n'));
    return line.subarray(0, -1);
  } catch (e) {
    if (!(e instanceof LimitOverrunError)) return null; // the end (a partial last line is dropped), or a reset
    consumed = e.consumed;
  }
  try {
    yield* wait(reader.readexactly(consumed)); // drop what came of the long line; the caller skips the rest
  } catch {
    return null;
  }
  return LINE_TOO_LONG;
}

/** A chat server: a handler Task and a writer Task per connection; close() → Task of its stats. */
export function serveChat(o: ChatServerOptions = {}): Task<ChatServer> {
  return spawn(function* () {
    const checked = normalizeChatServerOptions(o);
    if (checked.error) throw checked.error;
    const options = checked.options;
    const stats: ChatServerStats = {
      connections: 0,
      linesRelayed: 0,
      dropped: 0,
      peakQueuedBytes: 0,
    };
    const joined = new Map<string, Client>();
    const clients = new Set<Client>();
    let closing = false;

    /** Queue without waiting; drop a client once more than maxQueuedBytes waits for it. */
    function post(client: Client, message: Uint8Array): void {
      if (client.ended || client.writer.isClosing()) return;
      client.put(message);
      stats.peakQueuedBytes = Math.max(stats.peakQueuedBytes, client.waiting());
      if (client.waiting() <= options.maxQueuedBytes) return;
      stats.dropped++;
      client.writer.abort(); // its handler reads the end, and says `left`
    }

    /** To every joined client but `from`, in one pass: one order for all of them. */
    function broadcast(message: Uint8Array, from?: Client): void {
      for (const client of joined.values()) if (client !== from) post(client, message);
    }

    function join(client: Client, line: Uint8Array): void {
      const name = chatName(line);
      if (name === null) post(client, chatSays.badName);
      else if (joined.has(name)) post(client, chatSays.nameTaken);
      else {
        client.name = name;
        joined.set(name, client);
        post(client, chatSays.youAre(name));
        broadcast(chatSays.joined(name), client);
      }
    }

    function say(client: Client, line: Uint8Array): void {
      stats.linesRelayed++;
      broadcast(relayed(client.name!, line), client);
    }

    /** The writer Task: a slow client stalls only this. */
    function* send(client: Client): Operation<void> {
      try {
        for (;;) {
          const message = yield* client.queue.get();
          if (message === null) break; // ended: all written
          client.queued -= message.length;
          client.writer.write(message);
          yield* wait(client.writer.drain());
        }
        client.writer.close(); // flush, then close
      } catch {
        // the connection is gone: nothing left to write to
      }
    }

    function* chat(reader: StreamReader, writer: StreamWriter): Operation<void> {
      stats.connections++;
      const client = new Client(writer);
      clients.add(client);
      spawn(send, client);
      let skipping = false; // the rest of a long line
      try {
        for (let line = yield* readLine(reader); line !== null; line = yield* readLine(reader)) {
          if (closing) continue; // closing: read and discard
          if (line === LINE_TOO_LONG) {
            if (!skipping) post(client, chatSays.lineTooLong);
            skipping = true;
          } else if (skipping)
            skipping = false; // the tail of a long line
          else if (client.name === null) join(client, line);
          else say(client, line);
        }
      } finally {
        clients.delete(client);
        if (client.name !== null) {
          joined.delete(client.name);
          if (!closing) broadcast(chatSays.left(client.name));
        }
        client.end();
      }
    }

    const limit = { limit: MAX_CHAT_LINE_BYTES };
    const server = yield* wait(startServer(chat, options.host, options.port, limit));
    return {
      address: server.address(),
      close: () =>
        spawn(function* () {
          closing = true;
          server.close();
          for (const client of clients) client.end(chatSays.serverClosing);
          const closed = server.waitClosed();
          yield* wait(waitAll([closed], { timeoutMs: options.graceMs })); // never throws on timeout
          if (!closed.done()) server.abortClients(); // still open after graceMs
          yield* wait(closed);
          return { ...stats };
        }),
    };
  });
}
