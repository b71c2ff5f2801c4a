/**
 * The rosetta command: `rosetta echo serve …` and `rosetta echo client …`.
 * Contract: `serve` prints `listening on H:P` as soon as the model's server accepts,
 * serves until SIGINT or SIGTERM, closes gracefully and prints the server's stats;
 * `client` runs the model's closed-loop echo client and prints its stats and rate.
 * Read demo.ts next.
 */
import { performance } from 'node:perf_hooks';
import { integer, parse, pickModels } from './args.js';
import type { Io } from './io.js';
import { round } from './table.js';
import { UsageError } from './usage.js';

/** Runs `rosetta echo serve|client`; resolves with the exit status. */
export function echoCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'serve') return serve(rest, io);
  if (sub === 'client') return client(rest, io);
  throw new UsageError(
    sub === undefined ? 'echo needs serve or client' : `unknown echo command '${sub}'`,
  );
}

/** The task's error, its message naming the model (as `fetch` prints it). */
function withModel(e: unknown, name: string): unknown {
  if (e instanceof Error) e.message = `${e.message} (model ${name})`;
  return e;
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}

async function serve(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals);
  const [model] = pickModels(io, values.model, false);
  const port = integer('port', values.port, { min: 0, max: 65535 }) ?? 0;
  const host = values.host ?? '127.0.0.1';

  const stopped = io.untilSignal(); // listen for the signal before announcing the port
  const server = await model!.serveEcho({ host, port }).catch((e) => {
    throw withModel(e, model!.name);
  });
  const { address } = server;
  io.out(values.json ? JSON.stringify(address) : `listening on ${address.host}:${address.port}`);
  const signal = await stopped;
  const stats = await server.close();
  io.out(
    values.json
      ? JSON.stringify({ signal, ...stats })
      : `${signal}: closed after ${stats.connections} connections, ${stats.bytesEchoed} bytes echoed, ` +
          `peak ${stats.peakBufferedBytes} bytes buffered`,
  );
  return 0;
}

async function client(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    messages: { type: 'string' },
    size: { type: 'string' },
    connections: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals);
  const [model] = pickModels(io, values.model, false);
  const port = integer('port', values.port, { min: 1, max: 65535 });
  if (port === undefined) throw new UsageError('--port is required');
  const options = {
    host: values.host ?? '127.0.0.1',
    port,
    messages: integer('messages', values.messages, { min: 0 }) ?? 1000,
    size: integer('size', values.size, { min: 1 }) ?? 64,
    connections: integer('connections', values.connections, { min: 1 }) ?? 1,
    timeoutMs: integer('timeout', values.timeout, { min: 1 }),
  };

  const start = performance.now();
  const stats = await model!.echoClient(options).result.catch((e) => {
    throw withModel(e, model!.name);
  });
  const ms = round(performance.now() - start);
  const messagesPerSecond = Math.round(stats.messages / (Math.max(ms, 0.1) / 1000));
  io.out(
    values.json
      ? JSON.stringify({ model: model!.name, ...stats, ms, messagesPerSecond })
      : `${model!.name}: ${stats.messages} messages, ${stats.bytes} bytes, ${stats.mismatches} mismatches ` +
          `in ${ms} ms (${messagesPerSecond} messages/s)`,
  );
  return 0;
}
