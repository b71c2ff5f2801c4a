/**
 * The deferred model, two ways: chained callbacks on Deferreds (Twisted's
 * addCallback/addErrback, succeed/fail, gatherResults) and inlineCallbacks
 * generators over the same Deferreds. Twisted's Deferred runs its callbacks
 * synchronously once fired — nothing waits for a later turn — so when every
 * step completes at once, so does the whole operation.
 * Lineage: twisted/internet/defer.py. Read future.ts next.
 */
import {
  Deferred,
  Failure,
  fail,
  gatherResults,
  inlineCallbacks,
  succeed,
} from '@async-rosetta/deferred';
import { boom, type Contestant, type Out, sink } from '../contestant.js';

/** A Deferred's outcome as an Out: a plain number when it has already fired, else a Promise. */
function outOf(d: Deferred<number>): Out {
  let settled: { value: number } | { error: unknown } | null = null;
  let resolve: (v: number) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  let waiting = false;
  d.addCallbacks(
    (value: number) => {
      if (waiting) resolve(value);
      else settled = { value };
    },
    (failure: Failure) => {
      if (waiting) reject(failure.value);
      else settled = { error: failure.value };
    },
  );
  const s = settled as { value: number } | { error: unknown } | null;
  if (s && 'value' in s) return s.value;
  if (s) throw s.error;
  waiting = true;
  return new Promise<number>((res, rej) => {
    resolve = res;
    reject = rej;
  });
}

function level(k: number): Deferred<number> {
  return k === 0 ? fail<number>(boom()) : level(k - 1).addCallback((v) => v + 1);
}

const inlineLevel: (k: number) => Deferred<number> = inlineCallbacks(function* (k: number) {
  if (k === 0) return (yield fail(boom())) as number;
  return ((yield inlineLevel(k - 1)) as number) + 1;
});

/** One level of the deep chain: waits for the level below, plus 1. */
const inlinePlusOne = inlineCallbacks(function* (below: Deferred<number>) {
  return ((yield below) as number) + 1;
});

/** n pending Deferreds and the functions that fire them with 0…n−1. */
function pendingDeferreds(n: number): Deferred<number>[] {
  return Array.from({ length: n }, () => new Deferred<number>());
}

export const deferred: Contestant = {
  name: 'deferred',
  kind: 'model',
  description: "Twisted's Deferred: addCallback/addErrback chains, gatherResults",
  oneStep(n) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = new Deferred<number>();
      d.callback(i);
      d.addCallback((v) => {
        sum += v;
      });
    }
    return sum;
  },
  chain10(n) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let d = succeed(1);
      for (let k = 1; k < 10; k++) d = d.addCallback((x) => succeed(x + 1));
      d.addCallback((x) => {
        total += x;
      });
    }
    return total;
  },
  error10(n) {
    let failures = 0;
    for (let i = 0; i < n; i++) {
      level(10).addErrback(() => {
        failures++;
      });
    }
    return failures;
  },
  fanOut(width) {
    const ds = pendingDeferreds(width);
    const gathered = gatherResults(ds).addCallback((vs) => vs.reduce((a, b) => a + b, 0));
    for (const [i, d] of ds.entries()) d.callback(i);
    return outOf(gathered);
  },
  deep(depth) {
    // twisted/test/test_defer.py test_boundedStackDepth: each level's callback returns the level below.
    const leaf = new Deferred<number>();
    let below: Deferred<number> = leaf;
    for (let i = 0; i < depth; i++) {
      const inner = below;
      const level = new Deferred<undefined>();
      below = level.addCallback(() => inner).addCallback((v) => v + 1);
      level.callback(undefined);
    }
    const top = outOf(below);
    leaf.callback(0);
    return top;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      const d = new Deferred<number>();
      d.addCallback((v) => {
        sink.value = v;
      });
      completers.push(d);
    }
  },
};

export const deferredInline: Contestant = {
  name: 'deferred-inline',
  kind: 'model',
  description: "Twisted's inlineCallbacks: generators that yield Deferreds",
  oneStep: (n) =>
    outOf(
      inlineCallbacks(function* () {
        let sum = 0;
        for (let i = 0; i < n; i++) {
          const d = new Deferred<number>();
          d.callback(i);
          sum += (yield d) as number;
        }
        return sum;
      })(),
    ),
  chain10: (n) =>
    outOf(
      inlineCallbacks(function* () {
        let total = 0;
        for (let i = 0; i < n; i++) {
          let x = 0;
          for (let k = 0; k < 10; k++) x = (yield succeed(x + 1)) as number;
          total += x;
        }
        return total;
      })(),
    ),
  error10: (n) =>
    outOf(
      inlineCallbacks(function* () {
        let failures = 0;
        for (let i = 0; i < n; i++) {
          try {
            yield inlineLevel(10);
          } catch {
            failures++;
          }
        }
        return failures;
      })(),
    ),
  fanOut(width) {
    const ds = pendingDeferreds(width);
    const gathered = gatherResults(ds);
    const sum = inlineCallbacks(function* () {
      const vs = (yield gathered) as number[];
      return vs.reduce((a, b) => a + b, 0);
    })();
    for (const [i, d] of ds.entries()) d.callback(i);
    return outOf(sum);
  },
  deep(depth) {
    const leaf = new Deferred<number>();
    const levels: Deferred<number>[] = [];
    let below: Deferred<number> = leaf;
    for (let i = 0; i < depth; i++) {
      below = inlinePlusOne(below);
      levels.push(below);
    }
    let result = -1;
    below.addCallback((v) => {
      result = v;
    });
    leaf.callback(0);
    if (result !== depth) {
      // Everything here is synchronous: a top that has not fired now never will. Say why.
      const broken = levels.findIndex((d) => d.result instanceof Failure);
      const failure = levels[broken]?.result as Failure | undefined;
      const why = failure
        ? `${(failure.value as Error).name}: ${failure.getErrorMessage()}`
        : 'no level holds a failure';
      throw new Error(`the top Deferred never fired: level ${broken + 1} failed with ${why}`);
    }
    return result;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      const d = new Deferred<number>();
      inlineCallbacks(function* () {
        sink.value = yield d;
      })();
      completers.push(d);
    }
  },
};
