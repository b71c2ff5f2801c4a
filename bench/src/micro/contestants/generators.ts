/**
 * The generators model: a Task (itself a Future) steps a generator over
 * Futures; `yield* wait(f)` suspends until f is done — at once when it already
 * is. Nested operations use `yield*`; the deep chain nests its 10,000 levels as
 * sub-coroutines on the Task's own trampoline stack (`yield subGenerator`),
 * the form that keeps the JS stack flat (native `yield*` 10,000 deep overflows it).
 * Lineage: asyncio's pre-3.5 Task, Tornado gen.coroutine, tj/co. Read co.ts next.
 */
import { Future } from '@async-rosetta/future';
import { gather, type Operation, spawn, wait } from '@async-rosetta/generators';
import { boom, type Contestant, sink } from '../contestant.js';

function step(value: number): Future<number> {
  const f = new Future<number>();
  f.setResult(value);
  return f;
}

function* level(k: number): Operation<number> {
  if (k === 0) {
    const f = new Future<number>();
    f.setException(boom());
    return yield* wait(f);
  }
  return (yield* level(k - 1)) + 1;
}

/** One level of the deep chain: the level below as a sub-coroutine on the Task's trampoline stack, plus 1. */
function* plusOne(below: Operation<number>): Operation<number> {
  return ((yield below) as number) + 1;
}

export const generators: Contestant = {
  name: 'generators',
  kind: 'model',
  description: 'a Task trampoline stepping generators over Futures (yield* wait)',
  oneStep: (n) =>
    spawn(function* () {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const f = new Future<number>();
        f.setResult(i);
        sum += yield* wait(f);
      }
      return sum;
    }),
  chain10: (n) =>
    spawn(function* () {
      let total = 0;
      for (let i = 0; i < n; i++) {
        let x = 0;
        for (let k = 0; k < 10; k++) x = yield* wait(step(x + 1));
        total += x;
      }
      return total;
    }),
  error10: (n) =>
    spawn(function* () {
      let failures = 0;
      for (let i = 0; i < n; i++) {
        try {
          yield* level(10);
        } catch {
          failures++;
        }
      }
      return failures;
    }),
  fanOut(width) {
    const fs = Array.from({ length: width }, () => new Future<number>());
    const gathered = gather(...fs);
    const task = spawn(function* () {
      const vs = yield* wait(gathered);
      return vs.reduce((a, b) => a + b, 0);
    });
    for (const [i, f] of fs.entries()) f.setResult(i);
    return task;
  },
  deep(depth) {
    const leaf = new Future<number>();
    let below: Operation<number> = wait(leaf);
    for (let i = 0; i < depth; i++) below = plusOne(below);
    const top = below;
    const task = spawn(function* () {
      return yield* top;
    });
    leaf.setResult(0);
    return task;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      const f = new Future<number>();
      spawn(function* () {
        sink.value = yield* wait(f);
      });
      completers.push(f);
    }
  },
};
