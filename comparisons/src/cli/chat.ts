/**
 * The rosetta command: `rosetta chat serve …`, the T5 chat server of one model.
 * Contract: prints `listening on H:P` (or the address as JSON) as soon as the model's server
 * accepts, serves until SIGINT or SIGTERM, closes (every client gets `* server closing`),
 * prints the stats and exits 0; a bad option is bad usage (exit 2), a server that cannot
 * listen exits 1 with `<code>: <message>`. Try it with `nc 127.0.0.1 P` in two terminals.
 * Read echo.ts, its sibling, first.
 */
import { integer, parse, pickModels } from './args.js';
import type { Io } from './io.js';
import { UsageError } from './usage.js';

/** Runs `rosetta chat serve`; resolves with the exit status. */
export function chatCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'serve') return serve(rest, io);
  throw new UsageError(sub === undefined ? 'chat needs serve' : `unknown chat command '${sub}'`);
}

async function serve(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const [model] = pickModels(io, values.model, false);
  const port = integer('port', values.port, { min: 0, max: 65535 }) ?? 0;
  const host = values.host ?? '127.0.0.1';

  const stopped = io.untilSignal(); // listen for the signal before announcing the port
  const server = await model!.serveChat({ host, port }).catch((e: unknown) => {
    if (e instanceof Error) e.message = `${e.message} (model ${model!.name})`;
    throw e;
  });
  const { address } = server;
  io.out(values.json ? JSON.stringify(address) : `listening on ${address.host}:${address.port}`);
  const signal = await stopped;
  const stats = await server.close();
  io.out(
    values.json
      ? JSON.stringify({ signal, ...stats })
      : `${signal}: closed after ${stats.connections} connections, ${stats.linesRelayed} lines relayed, ` +
          `${stats.dropped} dropped, peak ${stats.peakQueuedBytes} bytes queued`,
  );
  return 0;
}
