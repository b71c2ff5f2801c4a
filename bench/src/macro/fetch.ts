/**
 * Fetch throughput: the HTTP fixture server in its own process; each fetcher
 * (raw http.request limit, every model, the global fetch) in a fresh load
 * process per run: a warm-up fetchAll, a timed fetchAll over N URLs at
 * concurrency C (pages/s), then N fetchPage calls by C closed-loop workers,
 * each timed (per-fetch latency). Runs interleaved and rotated.
 * Read idle.ts next.
 */
import type { RunContext, SuiteGroup } from '../context.js';
import { fetchers } from '../fetchers.js';
import { eachLimit, parallelism } from '../pool.js';
import { startChild } from '../proc/child.js';
import type { Suite } from '../schema.js';
import { LIMIT } from '../servers.js';
import { buildSuite, type RawRow, rotate } from '../suite-builder.js';

const ID = 'fetch';
const CONCURRENCY = 8;
const BODY = 16 * 1024;

const UNITS = { pagesPerSecond: 'pages/s', mibPerSecond: 'MiB/s', p50Us: 'µs', p99Us: 'µs' };
type Metric = keyof typeof UNITS;

export const fetchGroup: SuiteGroup = {
  ids: [ID],
  async run(ctx: RunContext): Promise<Suite[]> {
    if (!ctx.selects(ID)) return [];
    const list = fetchers();
    const runs = ctx.quick ? 1 : 3;
    const pages = ctx.quick ? 24 : 2000;
    ctx.log(`fetch: ${list.map((f) => f.name).join(', ')}`);
    const fixture = startChild('fixture-server-process', []);
    const values = new Map<string, Record<Metric, number[]>>(
      list.map((f) => [f.name, { pagesPerSecond: [], mibPerSecond: [], p50Us: [], p99Us: [] }]),
    );
    const errors = new Map<string, string>();
    try {
      const { url } = await fixture.next<{ url: string }>('listening', 20_000);
      for (let run = 0; run < runs; run++) {
        await eachLimit(rotate(list, run), parallelism(ctx.quick), async (f) => {
          const v = values.get(f.name) as Record<Metric, number[]>;
          const load = startChild('load-process', [
            '--job',
            JSON.stringify({
              kind: 'fetch',
              fetcher: f.name,
              url: `${url}/bytes/${BODY}`,
              bodyBytes: BODY,
              pages,
              concurrency: CONCURRENCY,
            }),
          ]);
          try {
            const r = await Promise.race([
              load.next<Record<Metric, number>>('result', 180_000),
              load
                .next<{ message: string }>('error', 180_000)
                .then((e) => Promise.reject(new Error(e.message))),
            ]);
            for (const k of Object.keys(UNITS) as Metric[]) v[k].push(r[k]);
            ctx.log(`    ${f.name}: ${Math.round(r.pagesPerSecond)} pages/s`);
          } catch (e) {
            errors.set(f.name, String((e as Error).message));
            for (const k of Object.keys(UNITS) as Metric[]) v[k].push(Number.NaN);
          } finally {
            await load.stop();
          }
        });
        ctx.log(`  ${ID}: run ${run + 1}/${runs} done`);
      }
    } finally {
      await fixture.stop();
    }
    return [
      buildSuite(
        {
          id: ID,
          title: 'Fetch throughput',
          what: `fetchAll over ${pages} URLs (/bytes/${BODY}: ${BODY / 1024} KiB bodies) at concurrency ${CONCURRENCY}, one fresh connection per request; per-fetch latency from ${pages} fetchPage calls by ${CONCURRENCY} closed-loop workers.`,
          primary: 'pagesPerSecond',
          better: 'higher',
          limit: LIMIT,
          native: 'asyncawait',
          method: `The HTTP fixture server (comparisons/src/fixtures, on node:net) in one process for the whole suite; each fetcher in a fresh load process per run (a warm-up fetchAll of ${Math.max(1, pages >> 2)} URLs first); ${runs} interleaved runs.`,
          notes: [
            'The fixture answers one request per connection and then closes it, so every fetcher — the global fetch included — opens a connection per page.',
            'The fixture server is a single Node process shared by every fetcher; when it is the bottleneck, fetchers converge on its rate.',
            'Model figures go through each adapter (comparisons/src/models): one Promise over the model’s own result.',
          ],
        },
        UNITS,
        list.map(
          (f): RawRow => ({
            name: f.name,
            kind: f.kind,
            description: f.description,
            error: errors.get(f.name),
            perRun: values.get(f.name) ?? {},
          }),
        ),
      ),
    ];
  },
};
