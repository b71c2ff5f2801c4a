/**
 * async/await model — THE exhibit for TCP: serveEcho and echoClient written the
 * way a user of native async functions writes them. The server runs one async
 * function per connection: `for await` over the socket, `write`, and
 * `await once(socket, 'drain')` when the output passes the high-water mark. The
 * client runs a closed loop per connection (send, read exactly the echo,
 * compare), all connections in one task group under one AbortSignal.
 * Lineage: PEP 492 / ECMAScript async functions on node:net.
 * Read README.md next; the helpers are src/byte-reader.ts and src/task-group.ts.
 */
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import { ByteReader } from '../byte-reader.js';
import { CancelledError, TaskError, toTaskError } from '../errors.js';
import { payload } from '../payload.js';
import { withDeadline } from '../signals.js';
import { taskGroup } from '../task-group.js';
import type {
  EchoClientOptions,
  EchoClientStats,
  EchoServer,
  EchoServerOptions,
  EchoServerStats,
} from '../types.js';
import { checkClientOptions, checkServerOptions } from '../validate.js';

/**
 * Starts a TCP echo server; resolves once it listens.
 *
 * @example
 * const server = await serveEcho({ port: 7007 });
 * const stats = await server.close();
 */
export async function serveEcho(options: EchoServerOptions = {}): Promise<EchoServer> {
  const { host = '127.0.0.1', port = 0, highWaterMark = 64 * 1024, graceMs = 1_000 } = options;
  checkServerOptions({ port, highWaterMark, graceMs });
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

  async function shutdown(): Promise<EchoServerStats> {
    server.close(); // stop accepting
    for (const socket of open) socket.end(); // graceful: FIN once what is owed is written
    try {
      await once(server, 'close', { signal: AbortSignal.timeout(graceMs) });
    } catch {
      // Grace is over. Destroying with an error wakes a handler waiting for 'drain' or the end.
      for (const socket of open) socket.destroy(new CancelledError('echo server closed'));
      await once(server, 'close');
    }
    return { ...stats };
  }
  let closing: Promise<EchoServerStats> | undefined;
  return {
    address: { host, port: (server.address() as AddressInfo).port },
    close: () => (closing ??= shutdown()),
  };
}

/**
 * Opens `connections` connections; on each, sends `messages` messages of `size`
 * bytes one at a time and checks every echo. Rejects with EPROTO (a different
 * echo), ECONNRESET, ECONNREFUSED, ETIMEDOUT, ECANCELLED or EINVAL.
 *
 * @example
 * const { messages, bytes } = await echoClient({ port: 7007, messages: 100, size: 1024 });
 */
export async function echoClient(options: EchoClientOptions): Promise<EchoClientStats> {
  const { host = '127.0.0.1', port, messages, size, connections = 1, timeoutMs, signal } = options;
  checkClientOptions({ port, messages, size, connections, timeoutMs });
  const deadline = withDeadline(signal, timeoutMs);
  try {
    await taskGroup(
      connections,
      async (c, groupSignal) => {
        const socket = connect({ host, port, signal: groupSignal });
        try {
          await once(socket, 'connect');
          const echoes = new ByteReader(socket);
          for (let m = 0; m < messages; m++) {
            const sent = payload(c, m, size);
            socket.write(sent); // closed loop: one message in flight, no 'drain' to wait for
            const echoed = await echoes.readExactly(size);
            if (!echoed.equals(sent)) throw new TaskError('EPROTO', `echo of message ${m} differs`);
          }
        } finally {
          socket.destroy();
        }
      },
      deadline,
    );
  } catch (err) {
    throw toTaskError(err, deadline);
  }
  return { messages: connections * messages, bytes: connections * messages * size, mismatches: 0 };
}
