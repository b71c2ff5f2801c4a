/**
 * The limit: plain Node-style callbacks, `(err, value) => void`, with nothing
 * between the producer and the consumer — the least any model can cost. Its
 * observers run synchronously when the producer completes at once, as they do
 * here; a model that defers observation to a later turn pays for that turn.
 * Read asyncawait.ts next.
 */
import { boom, type Contestant, sink } from '../contestant.js';

type Cb = (err: Error | null, value?: number) => void;

const step = (value: number, cb: Cb): void => cb(null, value);
const failingStep = (cb: Cb): void => cb(boom());

function chain(k: number, x: number, cb: Cb): void {
  if (k === 0) cb(null, x);
  else step(x + 1, (_, y) => chain(k - 1, y as number, cb));
}

function level(k: number, cb: Cb): void {
  if (k === 0) failingStep(cb);
  else level(k - 1, (err, v) => (err ? cb(err) : cb(null, (v as number) + 1)));
}

export const callback: Contestant = {
  name: 'callback',
  kind: 'limit',
  description: 'plain (err, value) callbacks: the floor',
  oneStep(n) {
    let sum = 0;
    for (let i = 0; i < n; i++) step(i, (_, v) => (sum += v as number));
    return sum;
  },
  chain10(n) {
    let total = 0;
    for (let i = 0; i < n; i++) chain(10, 0, (_, v) => (total += v as number));
    return total;
  },
  error10(n) {
    let failures = 0;
    for (let i = 0; i < n; i++) level(10, (err) => (failures += err ? 1 : 0));
    return failures;
  },
  fanOut(width) {
    const callbacks: Cb[] = [];
    let sum = 0;
    let remaining = width;
    const values: number[] = new Array(width);
    for (let i = 0; i < width; i++) {
      callbacks.push((_, v) => {
        values[i] = v as number;
        if (--remaining === 0) for (const x of values) sum += x;
      });
    }
    for (let i = 0; i < width; i++) (callbacks[i] as Cb)(null, i);
    return sum;
  },
  deep(depth) {
    let result = -1;
    let k: Cb = (_, v) => (result = v as number);
    for (let i = 0; i < depth; i++) {
      const next = k;
      k = (err, v) => (err ? next(err) : next(null, (v as number) + 1));
    }
    const leaf = k;
    leaf(null, 0);
    return result;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++)
      completers.push((_err: Error | null, v?: number) => (sink.value = v));
  },
};
