/**
 * One classic workload for one contestant in a fresh process (run.js --child
 * classic), bluebird's method: start min(350, N) uploads at once and wait for
 * them all (warm-up), then start N uploads at once in one synchronous loop and
 * time until the last calls done; memory is the largest RSS seen (sampled as
 * each upload finishes) minus the RSS just before the N uploads started.
 * Emits `classic` with {ms, mb} or `error`. Lineage: petkaantonov/bluebird
 * benchmark/performance.js. Read suite.ts next.
 */
import { emit } from '../proc/lines.js';
import { classicContestants } from './contestants/index.js';
import type { ClassicContestant, Done } from './world.js';

export type Workload = 'doxbee' | 'parallel';

/** bluebird's warm-up: this many uploads (or N, if fewer) before the timed ones. */
const WARMUP = 350;

function start(c: ClassicContestant, workload: Workload, k: number, done: Done): void {
  // bluebird calls fn(k, 'b', 'c', cb): the run index is the stream, 'b' the path.
  if (workload === 'doxbee') c.doxbee(k, 'b', done);
  else c.parallel(done);
}

/** Starts `n` uploads at once; `each` after every one, `all` after the last (or the first error). */
function launch(
  c: ClassicContestant,
  workload: Workload,
  n: number,
  each: () => void,
  all: (err?: unknown) => void,
): void {
  let left = n;
  let failed = false;
  const done: Done = (err) => {
    if (failed) return;
    if (err) {
      failed = true;
      all(err);
      return;
    }
    each();
    if (--left === 0) all();
  };
  for (let k = 0; k < n; k++) start(c, workload, k, done);
}

export function classicChild(name: string, workload: string, count: number): void {
  const c = classicContestants.find((x) => x.name === name);
  if (!c || (workload !== 'doxbee' && workload !== 'parallel') || !(count > 0)) {
    emit('error', { message: `bad classic job: ${name} ${workload} ${count}` });
    process.exit(1);
  }
  const deadline = setTimeout(() => {
    emit('error', { message: `${name}: ${workload} did not finish within 120 s` });
    process.exit(1);
  }, 120_000);
  const fail = (err: unknown): void => {
    emit('error', {
      message: `${name}: an upload failed: ${String((err as Error)?.message ?? err)}`,
    });
    process.exit(1);
  };
  const rss = process.memoryUsage.rss;
  launch(
    c,
    workload,
    Math.min(WARMUP, count),
    () => {},
    (err) => {
      if (err) return fail(err);
      const rssStart = rss();
      let rssMax = rssStart;
      const t0 = performance.now();
      launch(
        c,
        workload,
        count,
        () => {
          rssMax = Math.max(rssMax, rss());
        },
        (err) => {
          if (err) return fail(err);
          const ms = performance.now() - t0;
          clearTimeout(deadline);
          emit('classic', { ms, mb: (rssMax - rssStart) / 2 ** 20 });
          process.exit(0);
        },
      );
      rssMax = Math.max(rssMax, rss());
    },
  );
}
