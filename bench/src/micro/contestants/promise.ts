/**
 * Peer: Promises with `.then` chains and no async functions — the ES2015 idiom
 * that async/await replaced. Observation runs on the microtask queue.
 * Read co.ts next.
 */
import { boom, type Contestant, sink } from '../contestant.js';

const step = (value: number): Promise<number> => new Promise((resolve) => resolve(value));

function level(k: number): Promise<number> {
  return k === 0 ? Promise.reject(boom()) : level(k - 1).then((v) => v + 1);
}

function chain10(): Promise<number> {
  let p = step(1);
  for (let k = 1; k < 10; k++) p = p.then((x) => step(x + 1));
  return p;
}

/** Runs `once` n times one after the other, summing what each resolves with. */
function repeat(n: number, once: (i: number) => Promise<number>): Promise<number> {
  const loop = (i: number, acc: number): Promise<number> =>
    i === n ? Promise.resolve(acc) : once(i).then((v) => loop(i + 1, acc + v));
  return loop(0, 0);
}

export const promise: Contestant = {
  name: 'promise',
  kind: 'peer',
  description: 'ES2015 Promises with .then chains, no async functions',
  oneStep: (n) => repeat(n, step),
  chain10: (n) => repeat(n, chain10),
  error10: (n) =>
    repeat(n, () =>
      level(10).then(
        () => 0,
        () => 1,
      ),
    ),
  fanOut(width) {
    const resolvers: Array<(v: number) => void> = [];
    const all = Promise.all(
      Array.from({ length: width }, () => new Promise<number>((r) => resolvers.push(r))),
    );
    for (const [i, resolve] of resolvers.entries()) resolve(i);
    return all.then((vs) => vs.reduce((a, b) => a + b, 0));
  },
  deep(depth) {
    let resolveLeaf: (v: number) => void = () => {};
    let top = new Promise<number>((r) => (resolveLeaf = r));
    for (let i = 0; i < depth; i++) top = top.then((v) => v + 1);
    resolveLeaf(0);
    return top;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      new Promise<number>((resolve) => completers.push(resolve)).then((v) => (sink.value = v));
    }
  },
};
