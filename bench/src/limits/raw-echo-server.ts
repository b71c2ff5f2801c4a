/**
 * The limit of the echo suites: an echo server on raw `node:net` callbacks, no
 * model in between — what any model's serveEcho costs is measured against it.
 * Same duties as SPEC.md T3 (echo every byte, stop reading past the high-water
 * mark until the output drains, finish writing on half-close).
 * Read raw-fetch.ts next.
 */
import { createServer, type Socket } from 'node:net';

export interface RawEchoServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 and echoes with plain callbacks: 'data' → write, pausing while the socket's buffer is full. */
export function startRawEchoServer(highWaterMark = 64 * 1024): Promise<RawEchoServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      if (!socket.write(chunk) && socket.writableLength > highWaterMark) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
