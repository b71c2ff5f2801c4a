/**
 * async/await model — T3 serveEcho and T4 echoClient as a user of native async functions
 * writes them. The server runs one async function per connection: `for await` over the
 * socket, `write`, and `await once(socket, 'drain')` past the high-water mark. The client
 * runs a closed loop per connection (send, read exactly the echo, compare), all under one
 * AbortSignal that the first failure aborts.
 * Contract: comparisons/SPEC.md T3/T4; every failure, EINVAL included, is a rejection
 * whose error carries `code`, never a synchronous throw.
 * Lineage: PEP 492 / ECMAScript 2017 async functions on node:net; the client's fail-fast
 * is asyncio's TaskGroup (Lib/asyncio/taskgroups.py) done by hand with an AbortController.
 * Read ../../README.md next; the helpers are in support/.
 */
import { once, setMaxListeners } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import {
  type EchoAddress,
  type EchoClientStats,
  type EchoServerOptions,
  type EchoServerStats,
  echoMismatch,
  normalizeEchoClientOptions,
  normalizeEchoServerOptions,
  payload,
  sameBytes,
} from '@async-rosetta/task-spec';
import { ByteReader } from './support/byte-reader.js';
import { Deadline } from './support/deadline.js';
import { CancelledError, toTaskError } from './support/errors.js';
import { callerSignal, type EchoClientOptions } from './support/options.js';

/** A running echo server: where it listens, and a close() whose Promise gets its stats. */
export interface EchoServer {
  address: EchoAddress;
  close(): Promise<EchoServerStats>;
}

/**
 * Starts a TCP echo server; resolves once it listens.
 *
 * @example
 * const server = await serveEcho({ port: 7007 });
 * const stats = await server.close();
 */
export async function serveEcho(o: EchoServerOptions = {}): Promise<EchoServer> {
  const { options, error } = normalizeEchoServerOptions(o);
  if (error) throw error;
  const { host, port, highWaterMark, graceMs } = options;
  const stats: EchoServerStats = { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };
  const open = new Set<Socket>();

  async function echo(socket: Socket): Promise<void> {
    // destroyOnReturn: false, or the iterator would destroy the socket as soon as the
    // client's end arrives, dropping echoes still queued for it.
    const chunks = socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    for await (const chunk of chunks) {
      if (socket.writableEnded) continue; // closing: read and drop what the client still sends
      const flowing = socket.write(chunk);
      stats.bytesEchoed += chunk.length;
      stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, socket.writableLength);
      if (!flowing) await once(socket, 'drain'); // backpressure: read nothing until it drains
    }
    socket.end(); // the client ended its side: finish writing, then end ours
    await finished(socket);
  }

  const server = createServer({ allowHalfOpen: true, highWaterMark }, (socket) => {
    stats.connections++;
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    echo(socket).catch(() => socket.destroy()); // a reset ends one connection, never the server
  });
  server.listen(port, host);
  await once(server, 'listening');

  async function close(): Promise<EchoServerStats> {
    server.close(); // stop accepting
    for (const socket of open) socket.end(); // graceful: FIN once what is owed is written
    const grace = new Deadline(graceMs);
    try {
      await once(server, 'close', { signal: grace.signal });
    } catch {
      // Grace is over. Destroying with an error wakes a handler waiting for 'drain' or the end.
      for (const socket of open) socket.destroy(new CancelledError('echo server closed'));
      await once(server, 'close');
    } finally {
      grace.clear();
    }
    return { ...stats };
  }
  let closing: Promise<EchoServerStats> | undefined;
  return {
    address: { host, port: (server.address() as AddressInfo).port },
    close: () => (closing ??= close()),
  };
}

/**
 * Opens `connections` connections; on each, sends `messages` messages of `size` bytes one
 * at a time and checks every echo; the first failure closes every other connection.
 *
 * @example
 * const { messages, bytes } = await echoClient({ port: 7007, messages: 100, size: 1024 });
 */
export async function echoClient(o: EchoClientOptions): Promise<EchoClientStats> {
  const { options, error } = normalizeEchoClientOptions(o);
  if (error) throw error;
  const { host, port, messages, size, connections } = options;
  const deadline = new Deadline(options.timeoutMs, callerSignal(o)); // a cancel or the deadline
  const group = new AbortController(); // aborted by the first failure
  const signal = AbortSignal.any([deadline.signal, group.signal]);
  setMaxListeners(0, signal); // one abort listener per connection is the design

  async function connection(c: number): Promise<void> {
    const socket = connect({ host, port, signal });
    try {
      await once(socket, 'connect');
      const echoes = new ByteReader(socket);
      for (let m = 0; m < messages; m++) {
        const sent = payload(c, m, size);
        socket.write(sent); // closed loop: one message in flight, no 'drain' to wait for
        if (!sameBytes(sent, await echoes.readExactly(size))) throw echoMismatch(c, m);
      }
    } finally {
      socket.destroy();
    }
  }

  const runs = Array.from({ length: connections }, (_, c) => connection(c));
  try {
    await Promise.all(runs);
  } catch (err) {
    group.abort(err); // fail-fast: close every other connection
    await Promise.allSettled(runs); // and wait until they have wound down
    throw toTaskError(err, deadline.signal);
  } finally {
    deadline.clear();
  }
  const total = connections * messages;
  return { messages: total, bytes: total * size, mismatches: 0 };
}
