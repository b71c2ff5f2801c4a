/**
 * The load generator, in its own process: never the one that serves. `--job`
 * takes one JSON job:
 * - `{kind:'echo', port, size, connections, warmupMs, durationMs}`: runEchoPeer's
 *   closed loop (vmbench); prints `result` with the EchoPeerResult.
 * - `{kind:'echo-rate', port, size, connections, ratePerSecond, warmupMs, durationMs}`:
 *   the open loop at a fixed rate (macro/open-loop.ts); prints `window` with
 *   `edge: 'start' | 'end'` as the measured window opens and closes, then `result`.
 * - `{kind:'idle', port, connections}`: opens that many connections, one 1-byte
 *   echo on each so the server has set every one up, prints `connected`, and
 *   holds them until stdin ends.
 * - `{kind:'fetch', fetcher, url, pages, concurrency}`: one warm-up fetchAll,
 *   one timed fetchAll (pages/s), then `pages` fetchPage calls by `concurrency`
 *   closed-loop workers, each timed (per-fetch latency); prints `result`.
 * Read macro/echo.ts next.
 */

import { performance } from 'node:perf_hooks';
import { runEchoPeer } from '@async-rosetta/comparisons';
import { fetchers } from './fetchers.js';
import { openIdleConnections } from './macro/idle-client.js';
import { runOpenLoop } from './macro/open-loop.js';
import { percentile } from './macro/percentile.js';
import { arg, emit, fail, onCommands } from './proc/lines.js';

interface EchoJob {
  kind: 'echo';
  port: number;
  size: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
}
/** The open loop at a fixed rate (macro/open-loop.ts); prints `window` at the window's edges, then `result`. */
interface EchoRateJob {
  kind: 'echo-rate';
  port: number;
  size: number;
  connections: number;
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
}
interface IdleJob {
  kind: 'idle';
  port: number;
  connections: number;
}
interface FetchJob {
  kind: 'fetch';
  fetcher: string;
  url: string;
  /** The body length every page must have: a fetcher that returns anything else fails. */
  bodyBytes: number;
  pages: number;
  concurrency: number;
}
type Job = EchoJob | EchoRateJob | IdleJob | FetchJob;

async function echo(job: EchoJob): Promise<void> {
  const result = await runEchoPeer({
    host: '127.0.0.1',
    port: job.port,
    size: job.size,
    connections: job.connections,
    warmupMs: job.warmupMs,
    durationMs: job.durationMs,
    timeoutMs: job.warmupMs + job.durationMs + 30_000,
  });
  emit('result', { ...result });
  process.exit(0);
}

async function echoRate(job: EchoRateJob): Promise<void> {
  const result = await runOpenLoop({
    host: '127.0.0.1',
    port: job.port,
    size: job.size,
    connections: job.connections,
    ratePerSecond: job.ratePerSecond,
    warmupMs: job.warmupMs,
    durationMs: job.durationMs,
    onWindow: (edge) => emit('window', { edge }),
  });
  emit('result', { ...result });
  process.exit(0);
}

async function idle(job: IdleJob): Promise<void> {
  const held = await openIdleConnections('127.0.0.1', job.port, job.connections);
  emit('connected', { connections: held.sockets.length, error: held.error });
  onCommands(
    () => {},
    () => {
      for (const s of held.sockets) s.destroy();
    },
  );
}

async function fetchJob(job: FetchJob): Promise<void> {
  const f = fetchers().find((x) => x.name === job.fetcher);
  if (!f) throw new Error(`no fetcher named ${job.fetcher}`);
  const urls = Array.from({ length: job.pages }, () => job.url);
  await f.fetchAll(urls.slice(0, Math.max(1, job.pages >> 2)), job.concurrency); // warm-up
  const t0 = performance.now();
  const bytes = await f.fetchAll(urls, job.concurrency);
  const allMs = performance.now() - t0;
  if (bytes !== job.pages * job.bodyBytes) {
    throw new Error(
      `fetchAll returned ${bytes} body bytes, expected ${job.pages} × ${job.bodyBytes}`,
    );
  }

  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next++ < job.pages) {
      const start = performance.now();
      const n = await f.fetchPage(job.url);
      latencies.push((performance.now() - start) * 1000);
      if (n !== job.bodyBytes)
        throw new Error(`fetchPage returned ${n} body bytes, expected ${job.bodyBytes}`);
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  emit('result', {
    pagesPerSecond: (job.pages * 1000) / allMs,
    mibPerSecond: (bytes * 1000) / allMs / 2 ** 20,
    p50Us: percentile(latencies, 0.5),
    p99Us: percentile(latencies, 0.99),
  });
  process.exit(0);
}

const job = JSON.parse(arg('job') ?? '{}') as Job;
const run =
  job.kind === 'echo'
    ? echo(job)
    : job.kind === 'echo-rate'
      ? echoRate(job)
      : job.kind === 'idle'
        ? idle(job)
        : fetchJob(job);
run.catch(fail);
