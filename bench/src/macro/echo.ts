/**
 * Echo throughput, vmbench's method: each echo server (the raw node:net limit,
 * then every registered model) in its own process, the load generator
 * (runEchoPeer: closed loop, raw node:net callbacks, HDR histogram) in
 * another; one server and one load process at a time, so on 2 cores each has
 * one. A fresh server for every (size, run); runs interleaved and rotated.
 * Read fetch.ts next.
 */
import type { RunContext, SuiteGroup } from '../context.js';
import { eachLimit, parallelism } from '../pool.js';
import { type JsonChild, startChild } from '../proc/child.js';
import type { Suite } from '../schema.js';
import { echoServers, LIMIT } from '../servers.js';
import { buildSuite, type RawRow, rotate } from '../suite-builder.js';

const SIZES = [
  { id: 'echo.1KiB', label: '1 KiB', bytes: 1024 },
  { id: 'echo.10KiB', label: '10 KiB', bytes: 10 * 1024 },
  { id: 'echo.100KiB', label: '100 KiB', bytes: 100 * 1024 },
];
const CONNECTIONS = 10;

/** The fixed offered rate of the open-loop phase, as a fraction of the limit's closed-loop rate. */
export const RATE_FRACTION = 0.5;

const CLOSED_UNITS = {
  requestsPerSecond: 'req/s',
  mibPerSecond: 'MiB/s',
  p50Us: 'µs',
  p99Us: 'µs',
  p999Us: 'µs',
  serverPeakRssMiB: 'MiB',
};
const RATE_UNITS = {
  serverCpuUsPerRequest: 'µs/req (server CPU)',
  serverHeapBytesPerRequest: 'B/req (server heap)',
  rateP50Us: 'µs',
  rateP99Us: 'µs',
  rateP999Us: 'µs',
};
const UNITS = { ...CLOSED_UNITS, ...RATE_UNITS };
type Metric = keyof typeof UNITS;
type RateMetric = keyof typeof RATE_UNITS;

interface RateResult {
  achievedPerSecond: number;
  messages: number;
  mismatches: number;
  latencyUs: { p50: number; p99: number; p999: number };
}

/**
 * The fixed-rate phase, on the server process the closed loop just used: the open loop
 * (macro/open-loop.ts) at `rate` messages/s; the server reads its own CPU time and heap
 * allocation over the window the load process marks.
 */
async function fixedRate(
  srv: JsonChild,
  port: number,
  size: number,
  rate: number,
  warmupMs: number,
  durationMs: number,
): Promise<Record<RateMetric, number>> {
  if (!Number.isFinite(rate)) throw new Error('no fixed rate: the limit has no closed-loop figure');
  const load = startChild('load-process', [
    '--job',
    JSON.stringify({
      kind: 'echo-rate',
      port,
      size,
      connections: CONNECTIONS,
      ratePerSecond: rate,
      warmupMs,
      durationMs,
    }),
  ]);
  const limitMs = warmupMs + durationMs + 40_000;
  const failed = load
    .next<{ message: string }>('error', limitMs)
    .then((e) => Promise.reject(new Error(e.message)));
  failed.catch(() => {});
  try {
    await Promise.race([load.next('window', limitMs), failed]);
    srv.send({ cmd: 'window-start' });
    await srv.next('window-start', 10_000);
    await Promise.race([load.next('window', limitMs), failed]);
    srv.send({ cmd: 'window-end' });
    const w = await srv.next<{ cpuUs: number; allocatedBytes: number }>('window', 20_000);
    const r = await Promise.race([load.next<RateResult>('result', limitMs), failed]);
    if (r.mismatches > 0) throw new Error(`${r.mismatches} echoes came back different`);
    if (r.messages === 0) throw new Error('no echo came back in the measured window');
    return {
      serverCpuUsPerRequest: w.cpuUs / r.messages,
      serverHeapBytesPerRequest: w.allocatedBytes / r.messages,
      rateP50Us: r.latencyUs.p50,
      rateP99Us: r.latencyUs.p99,
      rateP999Us: r.latencyUs.p999,
    };
  } finally {
    await load.stop();
  }
}

interface EchoResult {
  messagesPerSecond: number;
  mibPerSecond: number;
  mismatches: number;
  latencyUs: { p50: number; p99: number; p999: number };
}

interface Timing {
  warmupMs: number;
  durationMs: number;
  rateWarmupMs: number;
  rateMs: number;
}

/**
 * One measurement: a fresh server process; the closed loop against it, then the fixed-rate
 * phase at `rateFor(its own closed-loop rate)`. A failed fixed-rate phase keeps the closed loop.
 */
async function measure(server: string, size: number, t: Timing, rateFor: (rps: number) => number) {
  const srv = startChild('echo-server-process', ['--model', server]);
  try {
    const { port } = await srv.next<{ port: number }>('listening', 20_000);
    srv.send({ cmd: 'reset-peak' });
    await srv.next('reset-peak', 10_000);
    const load = startChild('load-process', [
      '--job',
      JSON.stringify({
        kind: 'echo',
        port,
        size,
        connections: CONNECTIONS,
        warmupMs: t.warmupMs,
        durationMs: t.durationMs,
      }),
    ]);
    let r: EchoResult;
    try {
      r = await Promise.race([
        load.next<EchoResult>('result', t.warmupMs + t.durationMs + 40_000),
        load
          .next<{ message: string }>('error', t.warmupMs + t.durationMs + 40_000)
          .then((e) => Promise.reject(new Error(e.message))),
      ]);
    } finally {
      await load.stop();
    }
    srv.send({ cmd: 'mem' });
    const mem = await srv.next<{ peakRss: number }>('mem', 20_000);
    if (r.mismatches > 0) throw new Error(`${r.mismatches} echoes came back different`);
    const closed = {
      requestsPerSecond: r.messagesPerSecond,
      mibPerSecond: r.mibPerSecond,
      p50Us: r.latencyUs.p50,
      p99Us: r.latencyUs.p99,
      p999Us: r.latencyUs.p999,
      serverPeakRssMiB: mem.peakRss / 2 ** 20,
    };
    const rate = rateFor(closed.requestsPerSecond);
    const fixed = await fixedRate(srv, port, size, rate, t.rateWarmupMs, t.rateMs).catch(
      (e: Error) => e,
    );
    return { closed, rate, fixed };
  } finally {
    await srv.stop();
  }
}

export const echoGroup: SuiteGroup = {
  ids: SIZES.map((s) => s.id),
  async run(ctx: RunContext): Promise<Suite[]> {
    // --quick: the 1 KiB size only, a smoke test of every server.
    const sizes = SIZES.filter((s) => ctx.selects(s.id) && (!ctx.quick || s.bytes === 1024));
    if (sizes.length === 0) return [];
    const servers = echoServers();
    const runs = ctx.quick ? 1 : 3;
    const warmupMs = ctx.quick ? 100 : 1000;
    const durationMs = ctx.quick ? 300 : 4000;
    const rateWarmupMs = ctx.quick ? 100 : 500;
    const rateMs = ctx.quick ? 300 : 2000;
    const rates = new Map<string, number>();
    ctx.log(`echo: ${servers.map((s) => s.name).join(', ')}`);
    const values = new Map<string, Record<Metric, number[]>>();
    const errors = new Map<string, string>();
    const slot = (key: string): Record<Metric, number[]> => {
      let v = values.get(key);
      if (!v) {
        v = {
          requestsPerSecond: [],
          mibPerSecond: [],
          p50Us: [],
          p99Us: [],
          p999Us: [],
          serverPeakRssMiB: [],
          serverCpuUsPerRequest: [],
          serverHeapBytesPerRequest: [],
          rateP50Us: [],
          rateP99Us: [],
          rateP999Us: [],
        };
        values.set(key, v);
      }
      return v;
    };
    const timing: Timing = { warmupMs, durationMs, rateWarmupMs, rateMs };
    const one = async (
      size: (typeof SIZES)[number],
      server: { name: string },
      rateFor: (rps: number) => number,
    ): Promise<void> => {
      const key = `${size.id}/${server.name}`;
      const v = slot(key);
      try {
        const m = await measure(server.name, size.bytes, timing, rateFor);
        ctx.log(`    ${size.id} ${server.name}: ${Math.round(m.closed.requestsPerSecond)} req/s`);
        for (const k of Object.keys(CLOSED_UNITS) as (keyof typeof CLOSED_UNITS)[])
          v[k].push(m.closed[k]);
        if (m.fixed instanceof Error) {
          errors.set(key, `fixed rate: ${m.fixed.message}`);
          for (const k of Object.keys(RATE_UNITS) as RateMetric[]) v[k].push(Number.NaN);
        } else for (const k of Object.keys(RATE_UNITS) as RateMetric[]) v[k].push(m.fixed[k]);
      } catch (e) {
        errors.set(key, String((e as Error).message));
        for (const k of Object.keys(UNITS) as Metric[]) v[k].push(Number.NaN);
      }
    };
    for (let run = 0; run < runs; run++) {
      for (const [i, size] of sizes.entries()) {
        let order = rotate(servers, run + i);
        if (!rates.has(size.id)) {
          // The fixed rate is a fraction of the limit's closed-loop rate: measure the limit first
          // in the first run; the same rate serves every server in every run.
          const limit = servers.find((s) => s.name === LIMIT);
          if (limit) {
            await one(size, limit, (rps) => {
              const rate = Math.round(RATE_FRACTION * rps);
              rates.set(size.id, rate);
              return rate;
            });
            order = order.filter((s) => s !== limit);
          }
        }
        await eachLimit(order, parallelism(ctx.quick), (server) =>
          one(size, server, () => rates.get(size.id) ?? Number.NaN),
        );
        ctx.log(
          `  ${size.id}: run ${run + 1}/${runs} done (fixed rate ${rates.get(size.id)} req/s)`,
        );
      }
    }
    return sizes.map((size) =>
      buildSuite(
        {
          id: size.id,
          title: `Echo throughput, ${size.label} messages`,
          what: `${CONNECTIONS} connections, each a closed loop: send one ${size.label} message, read until the whole echo is back, check it, next. Latency is one message's round trip. Then, on the same server process, the same messages at a fixed offered rate (open loop, ${RATE_FRACTION * 100}% of the limit's closed-loop rate: ${rates.get(size.id)?.toLocaleString('en-US') ?? '–'} req/s): the server's own CPU time and heap allocation per request, and the latency corrected for coordinated omission.`,
          primary: 'requestsPerSecond',
          better: 'higher',
          limit: LIMIT,
          native: 'asyncawait',
          method: `vmbench's method: the server in one process, the load generator (runEchoPeer, raw node:net, HDR histogram) in another, one pair at a time; ${warmupMs} ms warm-up then ${durationMs} ms measured; a fresh server process per size and run (the limit first in the first run, to set the fixed rate); ${runs} interleaved runs. Fixed rate (wrk2's method), on the same server process right after: ${CONNECTIONS} connections, one message in flight each, every message on a fixed schedule and its latency counted from its intended send time; ${rateWarmupMs} ms warm-up then ${rateMs} ms measured; the server process reads process.cpuUsage() (user + system) and its heap allocation (v8.GCProfiler: bytes freed by each collection plus the heap's growth) over the window the load process marks, divided by the echoes measured in it.`,
          compare: ['serverCpuUsPerRequest', 'serverHeapBytesPerRequest', 'rateP99Us'],
          notes: [
            'Server CPU and heap per request, and the fixed-rate latencies, are the figures that separate the servers: every server gets the same offered load, well under what the load process can drive, so what differs is what each request costs the server. The closed-loop requests/s, on 2 cores, is bounded by the load process and the loopback.',
            'Server RSS is the peak sampled every 50 ms in the server process during the run.',
            'A ratio below 1 means the model served more requests than the raw node:net limit in that run: within the spread it is noise; beyond it, the two do different work per message (read sizes, write batching).',
            'When every server sits within the spread of the limit, the server is not what bounds the rate: the single load process (one core) and the loopback are.',
          ],
        },
        UNITS,
        servers.map(
          (s): RawRow => ({
            name: s.name,
            kind: s.kind,
            description: s.description,
            error: errors.get(`${size.id}/${s.name}`),
            perRun: values.get(`${size.id}/${s.name}`) ?? {},
          }),
        ),
      ),
    );
  },
};
