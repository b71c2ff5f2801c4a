/**
 * Conformance suite support: raw `node:net` clients and test-only servers the
 * fixtures do not offer — a free port, a connected socket, reading to the end,
 * an HTTP server that records request lines and answers one scripted response,
 * and an echo server that answers late (or stale) while it watches how much the
 * client keeps outstanding. Read the task files next (fetch-page.test.ts first).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/** A port that nothing listens on (bound once by the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A connected raw client socket. */
export async function connectRaw(
  port: number,
  o: { allowHalfOpen?: boolean } = {},
): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: o.allowHalfOpen ?? false });
  await once(socket, 'connect');
  return socket;
}

/** Everything `socket` receives until the peer ends its side. */
export async function readToEnd(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Sends `data` (in pieces of `pieceSize`), half-closes, and resolves with the whole echo. */
export async function echoRoundTrip(
  port: number,
  data: Uint8Array,
  pieceSize = 64 * 1024,
): Promise<Buffer> {
  const socket = await connectRaw(port, { allowHalfOpen: true });
  try {
    const echo = readToEnd(socket);
    for (let at = 0; at < data.length; at += pieceSize)
      socket.write(data.subarray(at, at + pieceSize));
    socket.end();
    return await echo;
  } finally {
    socket.destroy();
  }
}

/** The soft limit on open file descriptors of this process (Linux), or Infinity if unknown. */
export function fdLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** A test-only server: closing destroys its sockets, then waits for the server. */
export interface TestServer {
  port: number;
  close(): Promise<void>;
}

async function listenTracked(server: Server, sockets: Set<Socket>): Promise<TestServer> {
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a client's reset is part of the scenario
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) {
        server.close();
        await once(server, 'close');
      }
    },
  };
}

/**
 * An HTTP server that records each request line and answers `response` (raw bytes).
 * It closes after the answer, or, with `keepAlive`, keeps the connection open and
 * answers every further request on it, so only the client can close it.
 */
export async function startScriptedHttp(
  response: string,
  o: { keepAlive?: boolean } = {},
): Promise<TestServer & { url: string; requestLines: string[]; connections(): number }> {
  const requestLines: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        requestLines.push(pending.slice(0, pending.indexOf('\r\n')));
        pending = pending.slice(end + 4);
        if (o.keepAlive) socket.write(response);
        else return void socket.end(response);
      }
    });
  });
  const base = await listenTracked(server, sockets);
  return {
    ...base,
    url: `http://127.0.0.1:${base.port}`,
    requestLines,
    connections: () => connections,
  };
}

/**
 * An echo server for the client side of T4: echoes each chunk after `delayMs`;
 * with `staleSize`, answers every `staleSize` bytes with the connection's first
 * `staleSize` bytes instead. It records what arrived per connection and the
 * largest number of bytes a client had sent that were not yet echoed.
 */
export async function startLateEcho(o: {
  delayMs: number;
  staleSize?: number;
}): Promise<TestServer & { maxOutstanding(): number; received(): Buffer[] }> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const received: Buffer[][] = [];
  let maxOutstanding = 0;
  const server = createServer((socket) => {
    const mine: Buffer[] = [];
    received.push(mine);
    let outstanding = 0;
    let total = 0;
    let first = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      mine.push(chunk);
      outstanding += chunk.length;
      maxOutstanding = Math.max(maxOutstanding, outstanding);
      let reply = chunk;
      if (o.staleSize !== undefined) {
        if (first.length < o.staleSize)
          first = Buffer.concat([first, chunk]).subarray(0, o.staleSize);
        // Byte k of the stream answers with byte (k mod staleSize) of the first message.
        reply = Buffer.from(chunk.map((_, i) => first[(total + i) % o.staleSize!]!));
      }
      total += chunk.length;
      const t = setTimeout(() => {
        timers.delete(t);
        outstanding -= chunk.length;
        if (!socket.destroyed) socket.write(reply);
      }, o.delayMs);
      timers.add(t);
    });
  });
  const base = await listenTracked(server, sockets);
  return {
    port: base.port,
    maxOutstanding: () => maxOutstanding,
    received: () => received.map((chunks) => Buffer.concat(chunks)),
    async close() {
      for (const t of timers) clearTimeout(t);
      await base.close();
    },
  };
}

/** The next `n` bytes `socket` receives (it stays flowing afterwards). */
export function readBytes(socket: Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let have = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      if (have < n) return;
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onEnd = () => {
      stop();
      reject(new Error(`the peer ended after ${have} of ${n} bytes`));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    const stop = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
  });
}

/**
 * An echo server whose first connection gets a corrupted echo while every later
 * one is never answered: a client that fails fast must close those at once.
 * Counts the connections their client closed.
 */
export async function startSplitEcho(): Promise<
  TestServer & { accepted(): number; closedByClient(): number }
> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let closedByClient = 0;
  const server = createServer((socket) => {
    const first = accepted++ === 0;
    socket.on('data', (chunk: Buffer) => {
      if (first) socket.write(Buffer.from(chunk.map((b) => b ^ 0xff)));
    });
    // This server never closes first: any close, by FIN or by reset, is the client's.
    socket.on('error', () => {});
    socket.on('close', () => closedByClient++);
  });
  const base = await listenTracked(server, sockets);
  return { ...base, accepted: () => accepted, closedByClient: () => closedByClient };
}
