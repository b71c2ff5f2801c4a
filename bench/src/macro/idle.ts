/**
 * Many idle connections: each echo server in its own process; a load process
 * opens up to 10,000 connections (fewer when the open-file limit says so — the
 * output says how many), one 1-byte echo on each, then leaves them idle; the
 * server reports its memory after a forced GC. Memory per connection is the
 * delta from the server's reading before the connections, divided by their
 * number. Read ../report/markdown.ts next.
 */
import type { RunContext, SuiteGroup } from '../context.js';
import { eachLimit, parallelism } from '../pool.js';
import { startChild } from '../proc/child.js';
import type { Suite } from '../schema.js';
import { echoServers, LIMIT } from '../servers.js';
import { buildSuite, type RawRow, rotate } from '../suite-builder.js';
import { BATCH } from './idle-client.js';

const ID = 'idle';
const TARGET = 10_000;
/** File descriptors each process keeps for itself (stdio, the listener, V8/libuv internals). */
const FD_MARGIN = 200;

const UNITS = {
  rssBytesPerConnection: 'B/conn (RSS)',
  heapBytesPerConnection: 'B/conn (heap)',
  connections: 'connections',
};
type Metric = keyof typeof UNITS;

interface Mem {
  rss: number;
  heapUsed: number;
}

export const idleGroup: SuiteGroup = {
  ids: [ID],
  async run(ctx: RunContext): Promise<Suite[]> {
    if (!ctx.selects(ID)) return [];
    const servers = echoServers();
    const runs = ctx.quick ? 1 : 3;
    const wanted = ctx.quick ? 200 : TARGET;
    const target = ctx.fdLimit === null ? wanted : Math.min(wanted, ctx.fdLimit - FD_MARGIN);
    ctx.log(
      `idle: ${target} connections (fd limit ${ctx.fdLimit ?? 'unknown'}) to ${servers.map((s) => s.name).join(', ')}`,
    );
    const values = new Map<string, Record<Metric, number[]>>(
      servers.map((s) => [
        s.name,
        { rssBytesPerConnection: [], heapBytesPerConnection: [], connections: [] },
      ]),
    );
    const errors = new Map<string, string>();
    for (let run = 0; run < runs; run++) {
      await eachLimit(rotate(servers, run), parallelism(ctx.quick), async (server) => {
        const v = values.get(server.name) as Record<Metric, number[]>;
        const t0 = performance.now();
        const srv = startChild('echo-server-process', ['--model', server.name]);
        try {
          const { port } = await srv.next<{ port: number }>('listening', 20_000);
          srv.send({ cmd: 'mem' });
          const before = await srv.next<Mem>('mem', 20_000);
          const load = startChild('load-process', [
            '--job',
            JSON.stringify({ kind: 'idle', port, connections: target }),
          ]);
          try {
            const held = await Promise.race([
              load.next<{ connections: number; error: string | null }>('connected', 180_000),
              load
                .next<{ message: string }>('error', 180_000)
                .then((e) => Promise.reject(new Error(e.message))),
            ]);
            if (held.error)
              errors.set(server.name, `opened ${held.connections} of ${target}: ${held.error}`);
            if (held.connections === 0) throw new Error(held.error ?? 'no connection opened');
            srv.send({ cmd: 'mem' });
            const after = await srv.next<Mem>('mem', 20_000);
            v.rssBytesPerConnection.push((after.rss - before.rss) / held.connections);
            v.heapBytesPerConnection.push((after.heapUsed - before.heapUsed) / held.connections);
            v.connections.push(held.connections);
            ctx.log(
              `    ${server.name}: ${held.connections} connections in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${Math.round((after.rss - before.rss) / held.connections)} B/conn RSS`,
            );
          } finally {
            await load.stop(30_000);
          }
        } catch (e) {
          errors.set(server.name, String((e as Error).message));
          v.rssBytesPerConnection.push(Number.NaN);
          v.heapBytesPerConnection.push(Number.NaN);
          v.connections.push(Number.NaN);
        } finally {
          await srv.stop(30_000);
        }
      });
      ctx.log(`  ${ID}: run ${run + 1}/${runs} done`);
    }
    const limitNote =
      target < wanted
        ? `Only ${target.toLocaleString('en-US')} connections: the open-file limit (ulimit -n) is ${ctx.fdLimit}, and each side needs one descriptor per connection.`
        : `${target.toLocaleString('en-US')} connections; the open-file limit (ulimit -n) is ${ctx.fdLimit ?? 'unknown'}.`;
    return [
      buildSuite(
        {
          id: ID,
          title: 'Many idle connections',
          what: `${target.toLocaleString('en-US')} connections open to one echo server, each after one 1-byte echo, then idle: the server's memory per connection.`,
          primary: 'rssBytesPerConnection',
          better: 'lower',
          limit: LIMIT,
          native: 'asyncawait',
          method: `A fresh server process per run (node --expose-gc); its memory read after gc() before the connections and again once all are open and idle; (after − before) / connections. The connections come from a separate load process, opened ${BATCH} at a time (under every server's listen backlog). ${runs} interleaved runs.`,
          notes: [
            limitNote,
            'Kernel socket buffers are not in a process’s RSS; RSS here is the model’s and Node’s own per-connection state (libuv handle, net.Socket, the model’s protocol objects).',
            `Connections are opened ${BATCH} at a time because the deferred model listens with Twisted’s default backlog of 50: larger bursts lose SYNs, retried a second later — a connection-rate cost, not a memory one.`,
          ],
        },
        UNITS,
        servers.map(
          (s): RawRow => ({
            name: s.name,
            kind: s.kind,
            description: s.description,
            error: errors.get(s.name),
            perRun: values.get(s.name) ?? {},
          }),
        ),
      ),
    ];
  },
};
