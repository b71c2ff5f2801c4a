// Deferreds — helpers for the networking tests: raw node:net servers and clients on
// 127.0.0.1 that clean up after themselves, and polling with a generous deadline.
// Contract: every socket and server made here is closed when the test finishes. Lineage: none
// upstream (Twisted's tests use its own reactor for both ends). Read next: reactor.test.ts.
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { onTestFinished } from 'vitest';
import { Factory, type IPv4Address, type Protocol, reactor } from '../src/index.js';

/** Polls `pred` every 5 ms until it holds; throws after `timeoutMs` (generous: the machine is shared). */
export async function waitUntil(
  pred: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export interface RawServer {
  port: number;
  sockets: net.Socket[];
  accepted(): number;
}

/** A raw TCP server for one test; every socket is destroyed and the server closed when it ends. */
export async function rawServer(
  onConnection: (socket: net.Socket) => void = () => {},
): Promise<RawServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as net.AddressInfo;
  return { port, sockets, accepted: () => sockets.length };
}

/** A raw client socket for one test, destroyed when it ends. */
export async function rawClient(port: number): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  socket.on('error', () => {});
  onTestFinished(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Collects everything `socket` sends until it ends. */
export function readAll(socket: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => socket.once('end', () => resolve(Buffer.concat(chunks))));
}

/** Deterministic bytes covering 0x00–0xFF. */
export function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + (i >> 8)) & 0xff;
  return b;
}

/** Serves `protocol` on 127.0.0.1 for one test; `protocols` are the instances built, in order. */
export async function serveProtocol<P extends Protocol>(
  protocol: new () => P,
  options: { bufferSize?: number } = {},
): Promise<{ port: number; protocols: P[] }> {
  const protocols: P[] = [];
  const factory = new (class extends Factory<P> {
    override buildProtocol(addr: IPv4Address): P | null {
      const p = super.buildProtocol(addr);
      if (p !== null) protocols.push(p);
      return p;
    }
  })();
  factory.protocol = protocol;
  const listening = await reactor.listenTCP(0, factory, options).whenListening();
  onTestFinished(async () => {
    for (const p of protocols) if (p.connected) p.transport.abortConnection();
    await listening.stopListening();
    await waitUntil(() => protocols.every((p) => !p.connected));
  });
  return { port: listening.getHost().port, protocols };
}
