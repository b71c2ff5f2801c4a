/**
 * One classic workload for one contestant in a fresh process (run.js --child
 * classic), bluebird's method: start min(350, N) uploads at once and wait for
 * them all (warm-up), then start N uploads at once in one synchronous loop and
 * time until the last calls done; memory is the largest RSS seen (sampled as
 * uploads finish) minus the RSS just before the N uploads started.
 * Emits `classic` with {name, ms, mb} or `error`. Lineage: petkaantonov/bluebird
 * benchmark/performance.js. Read suite.ts next.
 */
import { emit } from '../proc/lines.js';
import { classicContestants } from './contestants/index.js';
import type { ClassicContestant, Done } from './world.js';

export type Workload = 'doxbee' | 'parallel';

/**
 * RSS is sampled every this many finished uploads (a power of 2), and at the end. bluebird samples
 * at every one; on Linux a reading is a /proc read of tens of µs, which would swamp the callback
 * limit's figure (10,000 readings took 0.5 s on the benchmark machine under load).
 */
const RSS_EVERY = 64;

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

/** Warm-up, then the timed uploads; resolves with bluebird's two figures. */
function measure(c: ClassicContestant, workload: Workload, count: number): Promise<ClassicResult> {
  const rss = process.memoryUsage.rss;
  return new Promise((resolve, reject) => {
    launch(
      c,
      workload,
      Math.min(WARMUP, count),
      () => {},
      (err) => {
        if (err) return reject(err);
        const rssStart = rss();
        let rssMax = rssStart;
        let finished = 0;
        const t0 = performance.now();
        const each = (): void => {
          if ((++finished & (RSS_EVERY - 1)) === 0) rssMax = Math.max(rssMax, rss());
        };
        launch(c, workload, count, each, (err) => {
          if (err) return reject(err);
          const ms = performance.now() - t0;
          rssMax = Math.max(rssMax, rss());
          resolve({ name: c.name, ms, mb: (rssMax - rssStart) / 2 ** 20 });
        });
        rssMax = Math.max(rssMax, rss());
      },
    );
  });
}

export interface ClassicResult {
  name: string;
  ms: number;
  mb: number;
}

/**
 * Runs `workload` for the contestant `name` — or, with `all` (--quick: one process instead of
 * one per contestant), for every contestant one after the other — emitting `classic` per result.
 */
export async function classicChild(name: string, workload: string, count: number): Promise<void> {
  const chosen =
    name === 'all' ? classicContestants : classicContestants.filter((x) => x.name === name);
  if (chosen.length === 0 || (workload !== 'doxbee' && workload !== 'parallel') || !(count > 0)) {
    emit('error', { message: `bad classic job: ${name} ${workload} ${count}` });
    process.exit(1);
  }
  const deadline = setTimeout(() => {
    emit('error', { message: `${name}: ${workload} did not finish within 120 s` });
    process.exit(1);
  }, 120_000);
  for (const c of chosen) {
    try {
      emit('classic', { ...(await measure(c, workload, count)) });
    } catch (err) {
      emit('error', {
        message: `${c.name}: an upload failed: ${String((err as Error)?.message ?? err)}`,
      });
      process.exit(1);
    }
  }
  clearTimeout(deadline);
  process.exit(0);
}
