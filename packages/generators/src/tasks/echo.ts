/**
 * Generator trampoline model — T3 serveEcho and T4 echoClient, as a user writes them:
 * asyncio streams, a handler Task per connection looping read → write → drain.
 * Lineage: asyncio's start_server/open_connection in the @coroutine era.
 * Read ../echo-server.ts, ../echo-stats.ts and ../payload.ts for the helpers, ../streams/ for the streams.
 */
import {
  DEFAULT_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK,
  type EchoClientOptions,
  type EchoClientStats,
  type EchoServerOptions,
} from '@async-rosetta/task-spec';
import type { EchoServer } from '../echo-server.js';
import { EchoStats } from '../echo-stats.js';
import { gather } from '../gather.js';
import { type Operation, wait } from '../ops.js';
import { checkEcho, echoPayload } from '../payload.js';
import { openConnection, startServer } from '../streams/open.js';
import type { StreamReader } from '../streams/reader.js';
import type { StreamWriter } from '../streams/writer.js';
import { spawn, type Task } from '../task.js';
import { checkCount } from '../validate.js';
import { waitAll } from '../wait-all.js';
import { waitFor } from '../wait-for.js';

const CHUNK = 64 * 1024;

/** An echo server: a handler Task per connection; close() → Task of its stats. */
export function serveEcho(o: EchoServerOptions = {}): Task<EchoServer> {
  return spawn(function* () {
    const stats = new EchoStats();

    function* echo(reader: StreamReader, writer: StreamWriter): Operation<void> {
      stats.accepted();
      writer.transport.setWriteBufferLimits(o.highWaterMark ?? DEFAULT_HIGH_WATER_MARK);
      try {
        for (;;) {
          const data = yield* wait(reader.read(CHUNK));
          if (data.length === 0) break; // the client ended its side
          writer.write(data);
          stats.echoed(data.length, writer.transport.getWriteBufferSize());
          yield* wait(writer.drain()); // backpressure: no reading until the client catches up
        }
      } catch {
        // the client reset: nothing left to echo to
      } finally {
        writer.close(); // flush what we owe, then close
      }
    }

    const server = yield* wait(startServer(echo, o.host ?? '127.0.0.1', o.port ?? 0));
    return {
      address: server.address(),
      close: () =>
        spawn(function* () {
          server.close();
          for (const t of server.transports()) t.writeEof(); // graceful: each closes when its client ends too
          const closed = server.waitClosed();
          yield* wait(waitAll([closed], { timeoutMs: o.graceMs ?? DEFAULT_GRACE_MS })); // never throws on timeout
          if (!closed.done()) server.abortClients(); // still open after graceMs
          yield* wait(closed);
          return stats.snapshot();
        }),
    };
  });
}

/** `connections` closed loops of send → read the whole echo → compare; all gathered. */
export function echoClient(o: EchoClientOptions): Task<EchoClientStats> {
  return spawn(function* () {
    const connections = checkCount('connections', o.connections ?? 1, 1);
    const messages = checkCount('messages', o.messages, 0);
    const size = checkCount('size', o.size, 1);
    const runs = Array.from({ length: connections }, (_, c) =>
      spawn(echoConnection, o.host ?? '127.0.0.1', o.port, c, messages, size),
    );
    try {
      yield* wait(waitFor(gather(...runs), o.timeoutMs));
    } finally {
      for (const run of runs) run.cancel(); // fail-fast: close every other connection
    }
    return {
      messages: connections * messages,
      bytes: connections * messages * size,
      mismatches: 0,
    };
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
      const payload = echoPayload(c, m, size);
      writer.write(payload);
      checkEcho(payload, yield* wait(reader.readexactly(size)), c, m);
    }
  } finally {
    writer.close();
  }
}
