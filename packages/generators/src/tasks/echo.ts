/**
 * Generator trampoline model — T3 serveEcho and T4 echoClient as a user writes them:
 * asyncio streams, a handler Task per connection looping read → write → drain.
 * Contract: comparisons/SPEC.md T3/T4; each task returns a Task (a Future); every failure,
 * EINVAL included, is thrown inside the generator, so the Task fails with it.
 * Lineage: asyncio's streams in the @coroutine era (Lib/asyncio/streams.py: `start_server`,
 * `open_connection`, `drain`; Lib/asyncio/tasks.py: `gather`, `wait_for`, `wait`), and
 * `Server.close()` + `wait_closed()`, then `abort_clients()` after the grace
 * (Lib/asyncio/base_events.py, 3.13). Read ../streams/ for the streams, ../task.ts for the engine.
 */
import {
  type EchoAddress,
  type EchoClientOptions,
  type EchoClientStats,
  type EchoServerOptions,
  type EchoServerStats,
  echoMismatch,
  normalizeEchoClientOptions,
  normalizeEchoServerOptions,
  payload,
  sameBytes,
} from '@async-rosetta/task-spec';
import { gather } from '../gather.js';
import { type Operation, wait } from '../ops.js';
import { openConnection, startServer } from '../streams/open.js';
import type { StreamReader } from '../streams/reader.js';
import type { StreamWriter } from '../streams/writer.js';
import { spawn, type Task } from '../task.js';
import { waitAll } from '../wait-all.js';
import { waitFor } from '../wait-for.js';

const CHUNK = 64 * 1024;

/** A running echo server: where it listens, and a close() whose Task gets its stats. */
export interface EchoServer {
  address: EchoAddress;
  close(): Task<EchoServerStats>;
}

/** An echo server: a handler Task per connection; close() → Task of its stats. */
export function serveEcho(o: EchoServerOptions = {}): Task<EchoServer> {
  return spawn(function* () {
    const { options, error } = normalizeEchoServerOptions(o);
    if (error) throw error;
    const { host, port, highWaterMark, graceMs } = options;
    const stats: EchoServerStats = { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };

    function* echo(reader: StreamReader, writer: StreamWriter): Operation<void> {
      stats.connections++;
      writer.transport.setWriteBufferLimits(highWaterMark);
      try {
        for (;;) {
          const data = yield* wait(reader.read(CHUNK));
          if (data.length === 0) break; // the client ended its side
          writer.write(data);
          stats.bytesEchoed += data.length;
          const pending = writer.transport.getWriteBufferSize();
          stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, pending);
          yield* wait(writer.drain()); // backpressure: no reading until the client catches up
        }
      } catch {
        // the client reset: nothing left to echo to
      } finally {
        writer.close(); // flush what we owe, then close
      }
    }

    const server = yield* wait(startServer(echo, host, port));
    return {
      address: server.address(),
      close: () =>
        spawn(function* () {
          server.close();
          for (const t of server.transports()) t.writeEof(); // graceful: each closes when its client ends too
          const closed = server.waitClosed();
          yield* wait(waitAll([closed], { timeoutMs: graceMs })); // never throws on timeout
          if (!closed.done()) server.abortClients(); // still open after graceMs
          yield* wait(closed);
          return { ...stats };
        }),
    };
  });
}

/** `connections` closed loops of send → read the whole echo → compare; all gathered. */
export function echoClient(o: EchoClientOptions): Task<EchoClientStats> {
  return spawn(function* () {
    const { options, error } = normalizeEchoClientOptions(o);
    if (error) throw error;
    const { host, port, messages, size, connections, timeoutMs } = options;
    const runs = Array.from({ length: connections }, (_, c) =>
      spawn(echoConnection, host, port, c, messages, size),
    );
    try {
      yield* wait(waitFor(gather(...runs), timeoutMs));
    } finally {
      for (const run of runs) run.cancel(); // fail-fast: close every other connection
    }
    const total = connections * messages;
    return { messages: total, bytes: total * size, mismatches: 0 };
  });
}

function* echoConnection(
  host: string,
  port: number,
  c: number,
  messages: number,
  size: number,
): Operation<void> {
  const [reader, writer] = yield* wait(openConnection(host, port));
  try {
    for (let m = 0; m < messages; m++) {
      const sent = payload(c, m, size);
      writer.write(sent);
      if (!sameBytes(sent, yield* wait(reader.readexactly(size)))) throw echoMismatch(c, m);
    }
  } finally {
    writer.close();
  }
}
