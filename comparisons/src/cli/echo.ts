/**
 * The rosetta command: `rosetta echo serve …` and `rosetta echo client …`.
 * Contract: `serve` prints `listening on H:P` as soon as the model's server accepts,
 * serves until SIGINT, SIGTERM or SIGHUP (its parent's death counts as SIGHUP), closes
 * gracefully, prints the server's stats and exits 0; `client` runs the closed-loop echo
 * client of one model, or of each in turn with `--model all`, and prints its stats and
 * rate. Numbers are checked by the tasks' own normalisers (task-spec) before anything
 * runs: out of their domain is bad usage. A signal during `client` cancels the running
 * client, keeps what was printed and exits 128 + the signal. Read demo.ts next.
 */
import { performance } from 'node:perf_hooks';
import { normalizeEchoClientOptions, normalizeEchoServerOptions } from '@async-rosetta/task-spec';
import type { EchoServer } from '../models/contract.js';
import { deadline, inDomain, number, parse, pickModels } from './args.js';
import { DEFAULT_ECHO_CLIENT_TIMEOUT_MS } from './deadlines.js';
import { signalStatus, untilSettledOrSignal } from './interrupt.js';
import { count, hostPort, type Io, printFailure } from './io.js';
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

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}

/** The echo tasks' option names and the flags that set them. */
const FLAGS = {
  host: 'host',
  port: 'port',
  messages: 'messages',
  size: 'size',
  connections: 'connections',
  timeoutMs: 'timeout',
};

async function serve(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals);
  const settings = inDomain(
    normalizeEchoServerOptions({ host: values.host, port: number('port', values.port) }),
    FLAGS,
  );
  const [model] = pickModels(io, values.model, false);

  const stopped = io.untilSignal(); // listen for the signal before announcing the port
  let server: EchoServer;
  try {
    server = await model!.serveEcho({ host: settings.host, port: settings.port });
  } catch (e) {
    printFailure(io, values.json, model!.name, e);
    return 1;
  }
  const { address } = server;
  io.out(
    values.json ? JSON.stringify(address) : `listening on ${hostPort(address.host, address.port)}`,
  );
  const signal = await stopped;
  const stats = await server.close();
  io.out(
    values.json
      ? JSON.stringify({ signal, ...stats })
      : `${signal}: closed after ${count(stats.connections, 'connection')}, ` +
          `${stats.bytesEchoed} bytes echoed, peak ${stats.peakBufferedBytes} bytes buffered`,
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
  if (values.port === undefined) throw new UsageError('--port is required');
  const options = inDomain(
    normalizeEchoClientOptions({
      host: values.host,
      port: number('port', values.port),
      messages: number('messages', values.messages) ?? 1000,
      size: number('size', values.size) ?? 64,
      connections: number('connections', values.connections),
      timeoutMs: deadline(values.timeout, DEFAULT_ECHO_CLIENT_TIMEOUT_MS),
    }),
    FLAGS,
  );
  const chosen = pickModels(io, values.model, true);

  let failed = false;
  for (const [done, model] of chosen.entries()) {
    const start = performance.now();
    const { timeoutMs, ...rest } = options;
    const outcome = await untilSettledOrSignal(
      model.echoClient(timeoutMs === undefined ? rest : { ...rest, timeoutMs }),
      io,
    );
    const ms = round(performance.now() - start);
    if (outcome.signal !== undefined) {
      if (!outcome.ok) printFailure(io, values.json, model.name, outcome.error);
      io.err(
        `${outcome.signal}: stopped ${model.name}'s client after ${ms} ms; ` +
          `${done} of ${count(chosen.length, 'model')} done`,
      );
      return signalStatus(outcome.signal);
    }
    if (!outcome.ok) {
      failed = true;
      printFailure(io, values.json, model.name, outcome.error);
      continue;
    }
    const stats = outcome.value;
    const messagesPerSecond = Math.round(stats.messages / (Math.max(ms, 0.1) / 1000));
    io.out(
      values.json
        ? JSON.stringify({ model: model.name, ...stats, ms, messagesPerSecond })
        : `${model.name}: ${count(stats.messages, 'message')}, ${stats.bytes} bytes, ` +
            `${stats.mismatches} mismatches in ${ms} ms (${messagesPerSecond} messages/s)`,
    );
  }
  return failed ? 1 : 0;
}
