/**
 * Generator trampoline model: opening stream connections and servers.
 * Contract: `openConnection(host, port)` → a Task of `[reader, writer]`;
 * `startServer(clientConnected, host, port)` → a Future of the Server, calling
 * `clientConnected(reader, writer)` per connection (a generator function runs as a Task).
 * Lineage: asyncio.open_connection / asyncio.start_server (Lib/asyncio/streams.py), on
 * packages/future's `loop.createConnection`/`loop.createServer`. Read tasks/echo.ts next.
 */
import type { Future, Server } from '@async-rosetta/future';
import { type Operation, wait } from '../ops.js';
import { createTask, currentLoop, type Task } from '../task.js';
import { type ClientConnected, StreamReaderProtocol } from './protocol.js';
import { StreamReader } from './reader.js';
import { StreamWriter } from './writer.js';

/** Per-connection reader buffer limit (default 64 KiB). */
export interface StreamOptions {
  limit?: number;
}

/**
 * Connects to `host:port`; completes with the connection's reader and writer.
 *
 * @example
 * const [reader, writer] = yield* wait(openConnection('127.0.0.1', port));
 * writer.write('ping\n');
 * const line = yield* wait(reader.readline());
 */
export function openConnection(
  host: string,
  port: number,
  o: StreamOptions = {},
): Task<[StreamReader, StreamWriter]> {
  return createTask(connect(host, port, o));
}

function* connect(
  host: string,
  port: number,
  o: StreamOptions,
): Operation<[StreamReader, StreamWriter]> {
  const loop = currentLoop();
  const reader = new StreamReader({ loop, ...o });
  const protocol = new StreamReaderProtocol(loop, reader);
  const [transport] = yield* wait(loop.createConnection(() => protocol, host, port));
  return [reader, new StreamWriter(transport, protocol, reader, loop)];
}

/**
 * Listens on `host:port` (port 0: any free port) and calls `clientConnected(reader, writer)`
 * for every connection; a generator function is run as a Task per connection. A handler
 * that fails is reported to the loop's exception handler and its connection closed.
 *
 * @example
 * const server = yield* wait(startServer(function* (reader, writer) {
 *   writer.write(yield* wait(reader.readline()));
 *   writer.close();
 * }, '127.0.0.1', 0));
 */
export function startServer(
  clientConnected: ClientConnected,
  host: string,
  port: number,
  o: StreamOptions = {},
): Future<Server> {
  const loop = currentLoop();
  return loop.createServer(
    () => new StreamReaderProtocol(loop, new StreamReader({ loop, ...o }), clientConnected),
    host,
    port,
  );
}
