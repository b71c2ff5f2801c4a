/**
 * The classic suites, bluebird's two benchmarks set beside its published
 * table: `classic.doxbee-sequential` (one upload = 8 fake I/O calls one after
 * the other) and `classic.madeup-parallel` (one upload = 25 fake inserts at
 * once, then commit), 10,000 uploads started at once, 1 ms per fake I/O, in
 * every model and peer (contestants/*.ts). Each contestant and run in a fresh
 * process (child.ts); runs interleaved, rotated. Read child.ts next.
 */
import type { RunContext, SuiteGroup } from '../context.js';
import { findContestant } from '../micro/contestants/index.js';
import { eachLimit } from '../pool.js';
import { startChild } from '../proc/child.js';
import type { Published, Suite } from '../schema.js';
import { LIMIT } from '../servers.js';
import { buildSuite, type RawRow, rotate } from '../suite-builder.js';
import type { ClassicResult, Workload } from './child.js';
import { classicContestants } from './contestants/index.js';
import { IO_MS, PARALLEL_QUERIES } from './world.js';

/** Where bluebird's figures come from, and how its run differs from ours. */
const BLUEBIRD_CONTEXT =
  'bluebird’s latest published table (petkaantonov/bluebird benchmark/README.md, as updated on 2020-07-10 in pull request #1651): Node 14, 10,000 uploads, 1 ms per fake I/O, one process per file, on its author’s machine — a different CPU with its cores to itself, where here 2 shared cores run Node 20. RxJS there is RxJS 4 (Reactive-Extensions), here RxJS 7; bluebird samples RSS at every upload. Absolute times do not carry across machines and Node versions; set each table’s ratios to its own callbacks side by side instead.';

const PUBLISHED: Record<Workload, Published> = {
  doxbee: {
    source: 'bluebird benchmark/doxbee-sequential, `--p 1 --t 1 --n 10000`',
    context: BLUEBIRD_CONTEXT,
    reference: LIMIT,
    figures: {
      callback: { label: 'callbacks-baseline', ms: 125 },
      asyncawait: { label: 'promises-native-async-await', ms: 228 },
      co: { label: 'generators-tj-co', ms: 309 },
      promise: { label: 'promises-ecmascript6-native', ms: 323 },
      rxjs: { label: 'observables-Reactive-Extensions-RxJS', ms: 958 },
    },
  },
  parallel: {
    source: 'bluebird benchmark/madeup-parallel, `--p 25 --t 1 --n 10000`',
    context: BLUEBIRD_CONTEXT,
    reference: LIMIT,
    figures: {
      callback: { label: 'callbacks-baseline', ms: 266 },
      promise: { label: 'promises-ecmascript6-native', ms: 850 },
      asyncawait: { label: 'promises-native-async-await', ms: 909 },
      co: { label: 'generators-tj-co', ms: 971 },
    },
  },
};

const SUITES: { id: string; workload: Workload; title: string; what: string }[] = [
  {
    id: 'classic.doxbee-sequential',
    workload: 'doxbee',
    title: 'bluebird doxbee-sequential',
    what: `One upload: put a blob, look the file up, insert a version, create the file (a query made at once, then executed), insert the file version, update the file, commit — 8 waits one after the other: 7 fake I/O calls of ${IO_MS} ms and the query made at once; rollback on failure. The figure is the time for N uploads started at once (bluebird's method).`,
  },
  {
    id: 'classic.madeup-parallel',
    workload: 'parallel',
    title: 'bluebird madeup-parallel',
    what: `One upload: ${PARALLEL_QUERIES} fake inserts in flight at once (${IO_MS} ms each), gathered by the model's own combinator (or a counter), then commit. The figure is the time for N uploads started at once (bluebird's method).`,
  },
];

export const classicGroup: SuiteGroup = {
  ids: SUITES.map((s) => s.id),
  async run(ctx: RunContext): Promise<Suite[]> {
    const runs = ctx.quick ? 1 : 3;
    const count = ctx.quick ? 200 : 10_000;
    const out: Suite[] = [];
    for (const s of SUITES.filter((x) => ctx.selects(x.id))) {
      const ms = new Map<string, number[]>();
      const mb = new Map<string, number[]>();
      const errors = new Map<string, string>();
      const record = (name: string, r: { ms: number; mb: number } | Error): void => {
        if (r instanceof Error) errors.set(name, r.message);
        ms.set(name, [...(ms.get(name) ?? []), r instanceof Error ? Number.NaN : r.ms]);
        mb.set(name, [...(mb.get(name) ?? []), r instanceof Error ? Number.NaN : r.mb]);
      };
      /** One child process for `contestant` ('all': every contestant in turn); records each result. */
      const runChild = async (contestant: string, names: string[]): Promise<void> => {
        const child = startChild('run', [
          '--child',
          'classic',
          '--contestant',
          contestant,
          '--workload',
          s.workload,
          '--count',
          String(count),
        ]);
        const failed = child
          .next<{ message: string }>('error', 180_000)
          .then((e) => Promise.reject(new Error(e.message)));
        failed.catch(() => {});
        const left = new Set(names);
        try {
          for (const _ of names) {
            const r = await Promise.race([child.next<ClassicResult>('classic', 180_000), failed]);
            record(r.name, r);
            left.delete(r.name);
          }
        } catch (e) {
          for (const name of left) record(name, e as Error);
        } finally {
          await child.stop();
        }
      };
      for (let run = 0; run < runs; run++) {
        // --quick: every contestant in one process (a smoke test); else one fresh process each.
        if (ctx.quick)
          await runChild(
            'all',
            classicContestants.map((c) => c.name),
          );
        else await eachLimit(rotate(classicContestants, run), 1, (c) => runChild(c.name, [c.name]));
        ctx.log(`  ${s.id}: run ${run + 1}/${runs} done`);
      }
      const n = count.toLocaleString('en-US');
      out.push({
        ...buildSuite(
          {
            id: s.id,
            title: s.title,
            what: s.what,
            primary: 'ms',
            better: 'lower',
            limit: LIMIT,
            native: 'asyncawait',
            method: `bluebird's benchmark/performance.js method, rewritten: ${ctx.quick ? 'every contestant in turn in one process (--quick)' : 'one fresh process per contestant and run'}; ${Math.min(350, count)} uploads at once as a warm-up, then ${n} uploads started in one synchronous loop, timed until the last one is done; memory is the largest RSS sampled as uploads finish (every 64th and the last: bluebird samples every one, but on Linux a reading costs a /proc read of tens of µs) minus the RSS just before they started (MB = 2^20 bytes, as bluebird's). ${runs} interleaved run(s), rotated.`,
            notes: [
              'Every contestant drives the same fake I/O (bench/src/classic/world.ts: a Node setTimeout per call, as bluebird’s dummy), adopted into its own handle the way its model adopts a callback: a Deferred fired by the callback, a Future’s setResult, a Promise, a cold Observable, a lazy TaskEither.',
              'Every doxbee upload here waits for its commit (bluebird’s callbacks-baseline does; its async/await file does not): the same 8 waits in every contestant. bluebird’s uploads find no file, so every upload takes the create-the-file branch; so do these.',
              `N uploads run concurrently (each one sequential inside), ${n} × the fake I/O timers in flight: the figure includes Node's timer handling, alike for all.`,
            ],
          },
          { ms: 'ms', mb: 'MB' },
          classicContestants.map((c): RawRow => {
            const micro = findContestant(c.name);
            return {
              name: c.name,
              kind: micro?.kind ?? 'peer',
              description: micro?.description ?? c.name,
              error: errors.get(c.name),
              perRun: { ms: ms.get(c.name) ?? [], mb: mb.get(c.name) ?? [] },
            };
          }),
        ),
        published: PUBLISHED[s.workload],
      });
    }
    return out;
  },
};
