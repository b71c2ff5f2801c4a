/**
 * The asyncawait model, which is also the native async/await peer: its
 * primitives are the language's own (Promise, async functions, await), so the
 * package adds nothing to time here. Observation runs on the microtask queue.
 * PEP 492 / ECMAScript async functions. Read promise.ts next.
 */
import { boom, type Contestant, sink } from '../contestant.js';

const step = (value: number): Promise<number> => new Promise((resolve) => resolve(value));

async function level(k: number): Promise<number> {
  if (k === 0) return await Promise.reject(boom());
  return (await level(k - 1)) + 1;
}

/** One level of the deep chain: waits for the level below, plus 1. */
const plusOne = async (below: Promise<number>): Promise<number> => (await below) + 1;

export const asyncawait: Contestant = {
  name: 'asyncawait',
  kind: 'model',
  description: 'native async/await on Promises (the asyncawait model; also the native peer)',
  async oneStep(n) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await step(i);
    return sum;
  },
  async chain10(n) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let k = 0; k < 10; k++) x = await step(x + 1);
      total += x;
    }
    return total;
  },
  async error10(n) {
    let failures = 0;
    for (let i = 0; i < n; i++) {
      try {
        await level(10);
      } catch {
        failures++;
      }
    }
    return failures;
  },
  async fanOut(width) {
    const resolvers: Array<(v: number) => void> = [];
    const all = Promise.all(
      Array.from({ length: width }, () => new Promise<number>((r) => resolvers.push(r))),
    );
    for (const [i, resolve] of resolvers.entries()) resolve(i);
    let sum = 0;
    for (const v of await all) sum += v;
    return sum;
  },
  async deep(depth) {
    let resolveLeaf: (v: number) => void = () => {};
    let top = new Promise<number>((r) => (resolveLeaf = r));
    for (let i = 0; i < depth; i++) top = plusOne(top);
    resolveLeaf(0);
    return await top;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      (async () => {
        sink.value = await new Promise<number>((resolve) => completers.push(resolve));
      })();
    }
  },
};
