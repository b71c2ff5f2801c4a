/**
 * A micro-benchmark contestant: one model, the limit or a peer, doing the same
 * five small things in its own idiom. Every operation returns what it observed
 * (a number), so the harness checks each contestant computes the right thing
 * before it times it. Read contestants/callback.ts (the limit) next, then any
 * other file of contestants/.
 *
 * What each operation is (every "handle" is the model's own: a callback, a
 * Promise, a Deferred, a Future, a Task, an AsyncSubject, a TaskEither):
 * - `oneStep(n)`: n times in sequence: create a handle, complete it with i,
 *   observe the value. Returns the sum of the values (n(n−1)/2).
 * - `chain10(n)`: n times in sequence: ten steps one after the other, each
 *   completing with the previous value + 1. Returns n × 10.
 * - `error10(n)`: n times in sequence: ten nested operations whose innermost
 *   fails; each level passes the failure up through the model's error channel
 *   and the outermost handles it. Returns n (failures handled).
 * - `fanOut(w)`: w pending handles, gathered by the model's own combinator
 *   (gatherResults, gather, Promise.all, forkJoin, sequenceArray, a counter),
 *   then completed with 0…w−1; returns the sum seen by the gathered observer.
 * - `deep(d)`: d levels wired bottom-up, each waiting for the level below and
 *   adding 1, over a leaf completed only once all are wired: the result must
 *   unwind through d levels without overflowing the stack. Returns d.
 * - `pending(count, completers)`: count operations left pending, each a handle
 *   with one observer (for coroutine models, a suspended coroutine awaiting the
 *   handle); pushes onto `completers` what would complete each. For the
 *   heap-bytes-per-pending-operation figure.
 */
import type { Kind } from '../schema.js';

/** A result, synchronously or not: models whose observers run synchronously return plain numbers. */
export type Out = number | PromiseLike<number>;

export interface Contestant {
  name: string;
  kind: Kind;
  description: string;
  oneStep(n: number): Out;
  chain10(n: number): Out;
  error10(n: number): Out;
  fanOut(width: number): Out;
  deep(depth: number): Out;
  /** May return a promise: resolved once every operation has reached its pending state. */
  pending(count: number, completers: unknown[]): void | PromiseLike<void>;
}

/**
 * The failure every error10 raises at its innermost level: one Error made once,
 * so the figure is the cost of propagating a failure, not of capturing a stack trace.
 */
const BOOM = Object.assign(new Error('boom'), { code: 'EBOOM' });
export const boom = (): Error => BOOM;

/** Keeps V8 from discarding work whose result nothing reads. */
export const sink = { value: 0 as unknown };
