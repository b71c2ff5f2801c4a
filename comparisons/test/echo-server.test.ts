/**
 * Conformance suite, T3 `serveEcho` (comparisons/SPEC.md): address, byte-exact
 * echo of any payload, 1,000 connections at once, backpressure, half-close and
 * resets, and a graceful close() with its stats — run over every registered
 * model, driven by raw `node:net` clients and the fixtures' echo peer.
 * Read echo-client.test.ts next.
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { fixtureBytes, runEchoPeer } from '../src/fixtures/index.js';
import type {
  EchoServer,
  EchoServerOptions,
  EchoServerStats,
  ModelAdapter,
} from '../src/models/contract.js';
import { models } from '../src/models/index.js';
import { expectCode, since } from './support/expect.js';
import {
  connectRaw,
  echoRoundTrip,
  fdLimit,
  freePort,
  readBytes,
  readToEnd,
} from './support/net.js';
import { type RunContext, run } from './support/run.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Starts the model's echo server; registers a close as clean-up; `close` may be called again. */
async function serve(
  t: RunContext,
  model: ModelAdapter,
  o?: EchoServerOptions,
): Promise<{ server: EchoServer; port: number; close: () => Promise<EchoServerStats> }> {
  const server = await model.serveEcho(o);
  let closing: Promise<EchoServerStats> | undefined;
  const close = () => (closing ??= server.close());
  t.defer(close);
  return { server, port: server.address.port, close };
}

/** A client-owned socket, destroyed by the test's clean-up whatever happens. */
async function client(
  t: RunContext,
  port: number,
  o?: { allowHalfOpen?: boolean },
): Promise<Socket> {
  const socket = await connectRaw(port, o);
  socket.on('error', () => {}); // resets are part of several scenarios; outcomes are asserted directly
  t.defer(() => socket.destroy());
  return socket;
}

/** The deterministic stream the backpressure test sends: byte p is RING[p mod PERIOD]. */
const PERIOD = 65_521; // prime, so no chunk size lines up with it
const RING = Buffer.concat([Buffer.from(fixtureBytes(PERIOD)), Buffer.from(fixtureBytes(PERIOD))]);

/**
 * Sends `total` bytes without reading until the writes stall, then reads
 * everything back, checking each byte as it comes (nothing is held twice).
 */
async function stallThenDrain(socket: Socket, total: number, quietMs = 250) {
  let written = 0;
  const writing = (async () => {
    while (written < total) {
      const n = Math.min(PERIOD, total - written);
      const more = socket.write(RING.subarray(written % PERIOD, (written % PERIOD) + n));
      written += n;
      if (!more) await once(socket, 'drain');
    }
    socket.end();
  })();
  writing.catch(() => {}); // asserted below through the bytes that come back
  // Stalled: no progress for quietMs (or everything written).
  for (let last = -1; written !== last && written < total; ) {
    last = written;
    await sleep(quietMs);
  }
  const writtenAtStall = written;
  let received = 0;
  let intact = true;
  for await (const chunk of socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    for (let at = 0; at < chunk.length; ) {
      const offset = (received + at) % PERIOD;
      const n = Math.min(chunk.length - at, PERIOD - offset);
      if (!chunk.subarray(at, at + n).equals(RING.subarray(offset, offset + n))) intact = false;
      at += n;
    }
    received += chunk.length;
  }
  await writing;
  return { writtenAtStall, received, intact };
}

/** Every byte value, ascending then descending, 16 times: 8 KiB. */
const ALL_BYTES = Buffer.from(
  Array.from({ length: 16 }, () => [
    ...Array(256).keys(),
    ...[...Array(256).keys()].reverse(),
  ]).flat(),
);

const PAYLOADS: [string, Uint8Array, number?][] = [
  ['every byte value 0x00–0xFF', ALL_BYTES],
  ['a single byte', Buffer.from([0])],
  ['UTF-8 text with multi-byte characters', Buffer.from('Grüße, 世界 🌍 — ∀x∈ℝ\r\n\0'.repeat(100))],
  ['1 MiB of fixture bytes', fixtureBytes(MiB)],
  ['2,000 writes of 3 bytes', fixtureBytes(6000), 3],
];

describe.each(models)('serveEcho() — $name', (model) => {
  // T3.1 ---------------------------------------------------------------------
  run(
    model,
    'T3.1',
    'listens on 127.0.0.1 at a free port by default and reports the real address',
    async (t) => {
      const { server, port } = await serve(t, model);
      expect(server.address.host).toBe('127.0.0.1');
      expect(Number.isInteger(port) && port > 0).toBe(true);
      expect((await echoRoundTrip(port, Buffer.from('hello'))).toString()).toBe('hello');
    },
  );

  run(model, 'T3.1', 'listens on the port it is given', async (t) => {
    const wanted = await freePort();
    const { server } = await serve(t, model, { host: '127.0.0.1', port: wanted });
    expect(server.address).toEqual({ host: '127.0.0.1', port: wanted });
    expect((await echoRoundTrip(wanted, Buffer.from('x'))).toString()).toBe('x');
  });

  // T3.2 ---------------------------------------------------------------------
  for (const [kind, data, pieceSize] of PAYLOADS) {
    run(model, 'T3.2', `echoes ${kind} unchanged and in order`, async (t) => {
      const { port, close } = await serve(t, model);
      const echo = await echoRoundTrip(port, data, pieceSize);
      expect(echo.length).toBe(data.length);
      expect(echo.equals(data)).toBe(true);
      expect((await close()).bytesEchoed).toBe(data.length);
    });
  }

  run(model, 'T3.2', 'echoes nothing to a client that sends nothing, then closes', async (t) => {
    const { port } = await serve(t, model);
    expect((await echoRoundTrip(port, new Uint8Array(0))).length).toBe(0);
  });

  run(model, 'T3.2', 'keeps each connection’s bytes to itself, in order', async (t) => {
    const { port } = await serve(t, model);
    const payloads = Array.from({ length: 20 }, (_, i) =>
      Buffer.from(fixtureBytes(200 * KiB + i)).reverse(),
    );
    const echoes = await Promise.all(payloads.map((p) => echoRoundTrip(port, p, 16 * KiB)));
    for (const [i, echo] of echoes.entries())
      expect(echo.equals(payloads[i]!), `connection ${i}`).toBe(true);
  });

  // T3.3 ---------------------------------------------------------------------
  run(
    model,
    'T3.3',
    'serves 1,000 connections at once',
    async (t) => {
      const n = 1000;
      // Both ends of every connection live in this process.
      expect(fdLimit(), 'ulimit -n is too low for 1,000 connections').toBeGreaterThan(2 * n + 512);
      const { port, close } = await serve(t, model);
      const sockets: Socket[] = [];
      t.defer(() => {
        for (const s of sockets) s.destroy();
      });
      // Connect in batches smaller than any model's listen backlog (deferred keeps Twisted's
      // 50), so no SYN is dropped and retried a second later; all stay open.
      for (let i = 0; i < n; i += 25) {
        const batch = await Promise.all(Array.from({ length: 25 }, () => connectRaw(port)));
        sockets.push(...batch);
      }
      const echoed = await Promise.all(
        sockets.map(async (s, i) => {
          const message = Buffer.from(`connection ${i};`.repeat(8));
          const echo = readBytes(s, message.length);
          s.write(message);
          return (await echo).equals(message);
        }),
      );
      expect(echoed.filter((ok) => !ok)).toEqual([]);
      for (const s of sockets) s.end();
      const stats = await close();
      expect(stats.connections).toBe(n);
    },
    30_000,
  );

  run(
    model,
    'T3.3',
    'serves the echo peer’s closed loop on 50 connections without a mismatch',
    async (t) => {
      const { port, close } = await serve(t, model);
      const result = await runEchoPeer({
        port,
        connections: 50,
        size: 512,
        messages: 40,
        timeoutMs: 20_000,
      });
      expect(result).toMatchObject({
        connections: 50,
        messages: 2000,
        bytes: 2000 * 512,
        mismatches: 0,
      });
      const stats = await close();
      expect(stats.connections).toBe(50);
      expect(stats.bytesEchoed).toBe(2000 * 512);
    },
  );

  // T3.4 ---------------------------------------------------------------------
  run(
    model,
    'T3.4',
    'stops reading from a client that sends 64 MiB without reading, then echoes it all intact',
    async (t) => {
      const { port, close } = await serve(t, model);
      const socket = await client(t, port, { allowHalfOpen: true });
      const total = 64 * MiB;
      const { writtenAtStall, received, intact } = await stallThenDrain(socket, total);
      expect(writtenAtStall, 'the writes stalled: the server stopped reading').toBeLessThan(total);
      expect(received).toBe(total);
      expect(intact, 'every byte came back in order').toBe(true);
      const stats = await close();
      expect(stats.peakBufferedBytes).toBeLessThan(64 * KiB + MiB);
      expect(
        stats.peakBufferedBytes,
        'pending output reached the high-water mark',
      ).toBeGreaterThanOrEqual(64 * KiB);
      expect(stats.bytesEchoed).toBe(total);
    },
  );

  run(model, 'T3.4', 'honours a given highWaterMark', async (t) => {
    const highWaterMark = 512 * KiB;
    const { port, close } = await serve(t, model, { highWaterMark });
    const socket = await client(t, port, { allowHalfOpen: true });
    const { received, intact } = await stallThenDrain(socket, 16 * MiB);
    expect(received).toBe(16 * MiB);
    expect(intact).toBe(true);
    const { peakBufferedBytes } = await close();
    expect(peakBufferedBytes).toBeGreaterThanOrEqual(highWaterMark);
    expect(peakBufferedBytes).toBeLessThan(highWaterMark + MiB);
  });

  // T3.5 ---------------------------------------------------------------------
  run(
    model,
    'T3.5',
    'after the client ends its side, writes all it owes, then closes',
    async (t) => {
      const { port } = await serve(t, model);
      const socket = await client(t, port, { allowHalfOpen: true });
      const data = fixtureBytes(4 * MiB);
      const echo = readToEnd(socket); // resolves on the server's end (FIN)
      socket.end(data);
      expect((await echo).equals(data)).toBe(true);
      await once(socket, 'close');
    },
  );

  run(
    model,
    'T3.5',
    'writes all it owes after the client ends, even when the client reads only later',
    async (t) => {
      // A high-water mark above the payload: the server reads it all and owes the
      // part the kernel buffers cannot hold when the client's end arrives.
      const { port } = await serve(t, model, { highWaterMark: 64 * MiB });
      const socket = await client(t, port, { allowHalfOpen: true });
      const total = 24 * MiB;
      // Nothing should stall here: a long quiet window keeps a slow, loaded machine from
      // passing for a stall.
      const { writtenAtStall, received, intact } = await stallThenDrain(socket, total, 2_000);
      expect(writtenAtStall, 'the client wrote it all and ended').toBe(total);
      expect(received).toBe(total);
      expect(intact).toBe(true);
    },
  );

  run(
    model,
    'T3.5',
    'survives client resets, even with echoes pending, and serves the next client',
    async (t) => {
      const { port, close } = await serve(t, model);
      const early = await client(t, port);
      early.resetAndDestroy(); // before sending anything
      const busy = await client(t, port);
      busy.write(fixtureBytes(8 * MiB)); // never read: the server has output pending
      await sleep(100);
      busy.resetAndDestroy();
      await sleep(50);
      const echo = await echoRoundTrip(port, ALL_BYTES);
      expect(echo.equals(ALL_BYTES)).toBe(true);
      expect((await close()).connections).toBe(3);
    },
  );

  // T3.6 ---------------------------------------------------------------------
  run(
    model,
    'T3.6',
    'close() ends open connections gracefully, stops accepting and resolves with the stats',
    async (t) => {
      const { port, close } = await serve(t, model, { graceMs: 5_000 });
      const clients = [await client(t, port), await client(t, port)]; // they close when the server ends
      for (const [i, c] of clients.entries()) {
        const echo = readBytes(c, 1000 + i);
        c.write(fixtureBytes(1000 + i));
        await echo;
      }
      const closed = clients.map((c) => once(c, 'close'));
      const start = performance.now();
      const stats = await close();
      expect(since(start), 'without waiting for graceMs').toBeLessThan(2_500);
      await Promise.all(closed);
      expect(stats).toEqual({
        connections: 2,
        bytesEchoed: 2001,
        peakBufferedBytes: expect.any(Number),
      });
      await expectCode(connectRaw(port), 'ECONNREFUSED');
    },
  );

  run(
    model,
    'T3.6',
    'close() destroys, after graceMs, a connection that owes output to a client that does not read',
    async (t) => {
      // The server has read everything and the client's end; the echo is stuck in its buffers.
      const { port, close } = await serve(t, model, { highWaterMark: 64 * MiB, graceMs: 200 });
      const socket = await client(t, port, { allowHalfOpen: true });
      socket.pause();
      socket.end(fixtureBytes(24 * MiB));
      await once(socket, 'finish');
      await sleep(100);
      const start = performance.now();
      const stats = await close();
      expect(since(start)).toBeGreaterThanOrEqual(180);
      expect(stats.connections).toBe(1);
    },
  );

  run(model, 'T3.6', 'close() destroys a lingering connection after graceMs', async (t) => {
    const graceMs = 300;
    const { port, close } = await serve(t, model, { graceMs });
    const lingering = await client(t, port, { allowHalfOpen: true }); // ignores the server's end
    let endedAt: number | undefined;
    lingering.on('end', () => {
      endedAt = performance.now();
    });
    const echo = readBytes(lingering, 500);
    lingering.write(fixtureBytes(500));
    await echo;
    const start = performance.now();
    const stats = await close();
    const resolvedAt = performance.now();
    expect(resolvedAt - start, 'waited for graceMs').toBeGreaterThanOrEqual(graceMs - 20);
    expect(resolvedAt - start, 'then destroyed it').toBeLessThan(graceMs + 1_500);
    expect(endedAt, 'the server ended its side first').toBeLessThanOrEqual(resolvedAt);
    expect(stats).toEqual({
      connections: 1,
      bytesEchoed: 500,
      peakBufferedBytes: expect.any(Number),
    });
    // The server's end is gone: its kernel answers a write with a reset, and the next write fails.
    for (const pokedAt = performance.now(); !lingering.destroyed; await sleep(20)) {
      expect(since(pokedAt), 'the server’s end is still open').toBeLessThan(2_000);
      lingering.write('x');
    }
  });
});
