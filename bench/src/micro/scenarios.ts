/**
 * The micro scenarios, each one Suite: what one operation is, how many a timed
 * iteration runs (batches amortise the harness's own cost per iteration), the
 * unit, and the value a correct contestant returns. Read suite.ts next.
 */
import type { Contestant, Out } from './contestant.js';

export interface Scenario {
  id: string;
  title: string;
  what: string;
  metric: string;
  unit: string;
  /** Operations per timed iteration: the figure is the iteration's mean time / batch. */
  batch: number;
  /** From milliseconds to `unit`. */
  scale: number;
  call(c: Contestant): Out;
  expected: number;
  /** Run once in a child process before timing, so a stack overflow cannot take the runner down. */
  isolated?: boolean;
}

const FAN_OUT = 1000;
/** Depth of the deep chain (cost and stack safety). */
export const DEPTH = 10_000;

export const scenarios: readonly Scenario[] = [
  {
    id: 'micro.one-step',
    title: 'One async step',
    what: 'Create a handle, complete it with a value, observe the value — 100 such steps one after the other per timed iteration.',
    metric: 'nsPerStep',
    unit: 'ns/step',
    batch: 100,
    scale: 1e6,
    call: (c) => c.oneStep(100),
    expected: (100 * 99) / 2,
  },
  {
    id: 'micro.chain-10',
    title: 'Sequential chain of 10 steps',
    what: 'Ten steps one after the other, each completing with the previous value + 1 (10 chains per timed iteration).',
    metric: 'nsPerChain',
    unit: 'ns/chain',
    batch: 10,
    scale: 1e6,
    call: (c) => c.chain10(10),
    expected: 100,
  },
  {
    id: 'micro.error-10',
    title: 'Error propagation through 10 steps',
    what: 'Ten nested operations whose innermost fails; each level passes the failure up through the model’s error channel (errback chain, rejection, exception thrown into the coroutine, Left) and the outermost handles it (10 per timed iteration).',
    metric: 'nsPerError',
    unit: 'ns/propagation',
    batch: 10,
    scale: 1e6,
    call: (c) => c.error10(10),
    expected: 10,
  },
  {
    id: 'micro.fan-out-1000',
    title: 'Fan-out/fan-in of 1,000',
    what: '1,000 pending handles gathered by the model’s own combinator (gatherResults, gather, Promise.all, co’s yield [], forkJoin, sequenceArray; a counter for callbacks and done-callbacks), then completed; the gathered observer sums them.',
    metric: 'usPerFanOut',
    unit: 'µs/fan-out',
    batch: 1,
    scale: 1e3,
    call: (c) => c.fanOut(FAN_OUT),
    expected: (FAN_OUT * (FAN_OUT - 1)) / 2,
  },
  {
    id: 'micro.deep-10000',
    title: '10,000-deep chain',
    what: '10,000 levels wired bottom-up, each waiting for the level below and adding 1, over a leaf completed last: the result unwinds through every level. A contestant that does not complete fails, with the error and the depth it does complete (checked first in a child process).',
    metric: 'usPerChain',
    unit: 'µs/chain',
    batch: 1,
    scale: 1e3,
    call: (c) => c.deep(DEPTH),
    expected: DEPTH,
    isolated: true,
  },
];

/** How long a single checked call may take before the contestant is declared stuck. */
const CHECK_MS = 10_000;

/** Resolves `out` and checks it is `expected`; throws a descriptive error otherwise (also when it never settles). */
export async function check(name: string, scenario: Scenario, out: Out): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not complete ${scenario.id} within ${CHECK_MS} ms`)),
      CHECK_MS,
    );
  });
  const got = await Promise.race([out, stuck]).finally(() => clearTimeout(timer));
  if (got !== scenario.expected) {
    throw new Error(`${name} computed ${got} in ${scenario.id}, expected ${scenario.expected}`);
  }
}
