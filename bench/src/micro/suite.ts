/**
 * The micro suites: every contestant (limit, models, peers) in one process,
 * timed with tinybench. Runs are interleaved — run r times every scenario for
 * every contestant, in an order rotated by r — so drift (thermal, other load
 * on the machine) hits every contestant alike. A run's figure is tinybench's
 * mean time per iteration (GC pauses included: allocation is part of a
 * model's cost) divided by the batch. Read probes.ts next.
 */
import { models } from '@async-rosetta/comparisons';
import { Bench } from 'tinybench';
import type { RunContext, SuiteGroup } from '../context.js';
import type { Suite } from '../schema.js';
import { LIMIT } from '../servers.js';
import { buildSuite, type RawRow, rotate } from '../suite-builder.js';
import { contestants } from './contestants/index.js';
import { MEMORY_ID, memorySuite } from './memory-suite.js';
import { runProbes } from './probes.js';
import { check, DEPTH, type Scenario, scenarios } from './scenarios.js';

/** The native async/await row every micro ratio also refers to. */
export const NATIVE = 'asyncawait';

interface Plan {
  runs: number;
  timeMs: number;
  warmupMs: number;
}

const isThenable = (x: unknown): boolean =>
  typeof (x as { then?: unknown } | null)?.then === 'function';

/** Why the same step costs so differently: when each model runs an observer. */
const OBSERVATION =
  'Each contestant observes completion the way its model does: Deferreds, RxJS subjects and plain callbacks run observers synchronously; Promises (async/await, co, fp-ts) on the microtask queue; Futures (future, generators) through loop.callSoon, in the loop’s next iteration — the future loop runs up to 1,000 iterations back to back in one Node turn (as asyncio’s run_forever calls _run_once), so a sequential step pays one iteration of that loop, not a turn of Node’s.';

const DEEP_NOTES = [
  `Stack safety checked first in a child process at ${DEPTH.toLocaleString('en-US')} levels with Node's default stack size.`,
  'The generators contestant nests its levels as sub-coroutines on the Task’s own trampoline stack (yield subGenerator), the model’s stack-safe form; the same levels through native yield* delegation overflow the stack.',
];

/** A note for each registered model that has no micro contestant yet (it then appears in the macro suites only). */
function missingModels(): string[] {
  return models
    .filter((m) => !contestants.some((c) => c.name === m.name))
    .map(
      (m) =>
        `Model ${m.name} is registered but has no micro contestant (bench/src/micro/contestants): not measured here.`,
    );
}

async function timeScenarios(
  ctx: RunContext,
  chosen: Scenario[],
  plan: Plan,
  deepErrors: Map<string, string | null>,
): Promise<Suite[]> {
  // Check every contestant computes the right thing (and survives the deep chain) before timing it.
  const errors = new Map<string, string>();
  const asyncOps = new Set<string>();
  for (const s of chosen.filter((x) => x.isolated)) {
    for (const c of contestants) {
      const err = deepErrors.has(c.name) ? deepErrors.get(c.name) : 'not checked';
      if (err) errors.set(`${s.id}/${c.name}`, err);
    }
  }
  for (const s of chosen) {
    for (const c of contestants) {
      const key = `${s.id}/${c.name}`;
      if (errors.has(key)) continue;
      try {
        const out = s.call(c);
        if (isThenable(out)) asyncOps.add(key);
        await check(c.name, s, out);
      } catch (e) {
        errors.set(key, String((e as Error).message ?? e));
      }
    }
  }

  ctx.log('  every contestant checked');
  const perRun = new Map<string, number[]>();
  for (let run = 0; run < plan.runs; run++) {
    for (const s of chosen) {
      const bench = new Bench({
        time: plan.timeMs,
        warmupTime: plan.warmupMs,
        iterations: 3,
        warmupIterations: 2,
        throws: false,
      });
      for (const c of rotate(contestants, run)) {
        const key = `${s.id}/${c.name}`;
        if (errors.has(key)) continue;
        bench.add(c.name, () => s.call(c), { async: asyncOps.has(key) });
      }
      await bench.run();
      for (const task of bench.tasks) {
        const key = `${s.id}/${task.name}`;
        const r = task.result;
        const values = perRun.get(key) ?? [];
        if (r.state === 'completed') values.push((r.period * s.scale) / s.batch);
        else {
          values.push(Number.NaN);
          if (r.state === 'errored') errors.set(key, `${r.error.name}: ${r.error.message}`);
        }
        perRun.set(key, values);
      }
      ctx.log(`  ${s.id}: run ${run + 1}/${plan.runs} done`);
    }
  }

  return chosen.map((s) =>
    buildSuite(
      {
        id: s.id,
        title: s.title,
        what: s.what,
        primary: s.metric,
        better: 'lower',
        limit: LIMIT,
        native: NATIVE,
        method: `tinybench 6 in one process, ${plan.runs} interleaved runs; per run each contestant warms up for ${plan.warmupMs} ms then is timed for at least ${plan.timeMs} ms; a run's figure is the mean time per iteration / ${s.batch} operation(s).`,
        notes: [OBSERVATION, ...(s.isolated ? DEEP_NOTES : []), ...missingModels()],
      },
      { [s.metric]: s.unit },
      contestants.map(
        (c): RawRow => ({
          name: c.name,
          kind: c.kind,
          description: c.description,
          error: errors.get(`${s.id}/${c.name}`),
          perRun: { [s.metric]: perRun.get(`${s.id}/${c.name}`) ?? [] },
        }),
      ),
    ),
  );
}

/** The five timed micro suites and the memory suite. */
export const microGroup: SuiteGroup = {
  ids: [...scenarios.map((s) => s.id), MEMORY_ID],
  async run(ctx) {
    const chosen = scenarios.filter((s) => ctx.selects(s.id));
    const withMemory = ctx.selects(MEMORY_ID);
    const plan: Plan = ctx.quick
      ? { runs: 1, timeMs: 20, warmupMs: 10 }
      : { runs: 5, timeMs: 250, warmupMs: 100 };
    const memoryRuns = withMemory ? (ctx.quick ? 1 : 3) : 0;
    const count = ctx.quick ? 10_000 : 100_000;
    ctx.log(`micro: ${contestants.map((c) => c.name).join(', ')}`);
    const probes = await runProbes(ctx, {
      memoryRuns,
      count,
      deep: chosen.some((s) => s.isolated),
    });
    const timed = chosen.length ? await timeScenarios(ctx, chosen, plan, probes.deepErrors) : [];
    return withMemory ? [...timed, memorySuite(probes, memoryRuns, count)] : timed;
  },
};
