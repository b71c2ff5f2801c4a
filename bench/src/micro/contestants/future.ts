/**
 * The future model: asyncio Futures with done-callbacks and no coroutines — the
 * "Tulip with callbacks" style. Done-callbacks never run inline: completing a
 * Future schedules them with loop.callSoon, one batch per loop iteration, so
 * every sequential step costs an iteration of the loop (many iterations run in
 * one Node turn, within the loop's budget: packages/future/src/loop.ts).
 * Lineage: PEP 3156, asyncio futures.py. Read generators.ts next.
 */
import { Future } from '@async-rosetta/future';
import { boom, type Contestant, sink } from '../contestant.js';

/** A Future completed with `value`. */
function step(value: number): Future<number> {
  const f = new Future<number>();
  f.setResult(value);
  return f;
}

/** k more steps after x, then `done(x + k)`: continuation-passing over done-callbacks. */
function chain(k: number, x: number, done: (v: number) => void): void {
  if (k === 0) done(x);
  else step(x + 1).addDoneCallback((f) => chain(k - 1, f.result(), done));
}

/** k nested levels over a failed Future: each passes the exception (or its result + 1) to its own Future. */
function level(k: number): Future<number> {
  if (k === 0) {
    const f = new Future<number>();
    f.setException(boom());
    return f;
  }
  const outer = new Future<number>();
  level(k - 1).addDoneCallback((inner) => {
    const exc = inner.exception();
    if (exc !== null) outer.setException(exc);
    else outer.setResult(inner.result() + 1);
  });
  return outer;
}

/** Runs `once` n times in sequence, each calling back with a number; resolves with their sum. */
function repeat(n: number, once: (i: number, done: (v: number) => void) => void): Promise<number> {
  return new Promise((resolve) => {
    let i = 0;
    let sum = 0;
    const next = (v: number): void => {
      sum += v;
      if (++i === n) resolve(sum);
      else once(i, next);
    };
    once(0, next);
  });
}

export const future: Contestant = {
  name: 'future',
  kind: 'model',
  description: 'asyncio Futures with done-callbacks (callSoon), no coroutines',
  oneStep: (n) =>
    repeat(n, (i, done) => {
      const f = new Future<number>();
      f.setResult(i);
      f.addDoneCallback((x) => done(x.result()));
    }),
  chain10: (n) => repeat(n, (_, done) => chain(10, 0, done)),
  error10: (n) =>
    repeat(n, (_, done) => level(10).addDoneCallback((f) => done(f.exception() !== null ? 1 : 0))),
  fanOut(width) {
    const fs = Array.from({ length: width }, () => new Future<number>());
    const gathered = new Promise<number>((resolve) => {
      let remaining = width;
      let sum = 0;
      for (const f of fs) {
        f.addDoneCallback((x) => {
          sum += x.result();
          if (--remaining === 0) resolve(sum);
        });
      }
    });
    for (const [i, f] of fs.entries()) f.setResult(i);
    return gathered;
  },
  deep(depth) {
    const leaf = new Future<number>();
    let below = leaf;
    for (let i = 0; i < depth; i++) {
      const f = new Future<number>();
      below.addDoneCallback((b) => f.setResult(b.result() + 1));
      below = f;
    }
    const top = new Promise<number>((resolve) => below.addDoneCallback((t) => resolve(t.result())));
    leaf.setResult(0);
    return top;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      const f = new Future<number>();
      f.addDoneCallback((x) => {
        sink.value = x.result();
      });
      completers.push(f);
    }
  },
};
