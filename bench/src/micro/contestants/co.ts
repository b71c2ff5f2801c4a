/**
 * Peer of the generator trampoline: tj/co 4, the published trampoline that steps
 * a generator over Promises (`yield promise`, `yield [promises]`), each step on
 * the microtask queue. Read rxjs.ts next.
 */
import co from 'co';
import { boom, type Contestant, sink } from '../contestant.js';

const step = (value: number): Promise<number> => new Promise((resolve) => resolve(value));

const level: (k: number) => Promise<number> = co.wrap(function* (
  k: number,
): Generator<unknown, number, number> {
  if (k === 0) return yield Promise.reject(boom());
  return (yield level(k - 1)) + 1;
});

/** One level of the deep chain: waits for the level below, plus 1. */
const plusOne: (below: Promise<number>) => Promise<number> = co.wrap(function* (
  below: Promise<number>,
): Generator<unknown, number, number> {
  return (yield below) + 1;
});

export const coPeer: Contestant = {
  name: 'co',
  kind: 'peer',
  description: 'tj/co 4.6: a generator trampoline over Promises',
  oneStep: (n) =>
    co(function* (): Generator<unknown, number, number> {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield step(i);
      return sum;
    }),
  chain10: (n) =>
    co(function* (): Generator<unknown, number, number> {
      let total = 0;
      for (let i = 0; i < n; i++) {
        let x = 0;
        for (let k = 0; k < 10; k++) x = yield step(x + 1);
        total += x;
      }
      return total;
    }),
  error10: (n) =>
    co(function* (): Generator<unknown, number, number> {
      let failures = 0;
      for (let i = 0; i < n; i++) {
        try {
          yield level(10);
        } catch {
          failures++;
        }
      }
      return failures;
    }),
  fanOut(width) {
    const resolvers: Array<(v: number) => void> = [];
    const pending = Array.from(
      { length: width },
      () => new Promise<number>((r) => resolvers.push(r)),
    );
    const gathered = co(function* (): Generator<unknown, number, number[]> {
      const values = yield pending;
      return values.reduce((a, b) => a + b, 0);
    });
    for (const [i, resolve] of resolvers.entries()) resolve(i);
    return gathered;
  },
  deep(depth) {
    let resolveLeaf: (v: number) => void = () => {};
    let top = new Promise<number>((r) => (resolveLeaf = r));
    for (let i = 0; i < depth; i++) top = plusOne(top);
    resolveLeaf(0);
    return top;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      co(function* (): Generator<unknown, void, number> {
        sink.value = yield new Promise<number>((resolve) => completers.push(resolve));
      });
    }
  },
};
