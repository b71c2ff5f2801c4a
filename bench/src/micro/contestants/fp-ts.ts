/**
 * Peer, the monadic view: fp-ts 2 TaskEither — a lazy `() => Promise<Either>`
 * whose failures are values (Left) composed with map/chain and run at the edge.
 * Read ../suite.ts next.
 */
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { boom, type Contestant, sink } from '../contestant.js';

const step = (value: number): TE.TaskEither<Error, number> => TE.right(value);

function level(k: number): TE.TaskEither<Error, number> {
  return k === 0
    ? TE.left(boom())
    : pipe(
        level(k - 1),
        TE.map((v) => v + 1),
      );
}

function chain10(): TE.TaskEither<Error, number> {
  let te = step(1);
  for (let k = 1; k < 10; k++)
    te = pipe(
      te,
      TE.chain((x) => step(x + 1)),
    );
  return te;
}

const rightOf = (e: E.Either<Error, number>): number => (E.isRight(e) ? e.right : Number.NaN);

export const fpts: Contestant = {
  name: 'fp-ts',
  kind: 'peer',
  description: 'fp-ts 2.16 TaskEither: lazy tasks, failures as Left values',
  async oneStep(n) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rightOf(await step(i)());
    return sum;
  },
  async chain10(n) {
    let total = 0;
    for (let i = 0; i < n; i++) total += rightOf(await chain10()());
    return total;
  },
  async error10(n) {
    let failures = 0;
    for (let i = 0; i < n; i++) if (E.isLeft(await level(10)())) failures++;
    return failures;
  },
  async fanOut(width) {
    // fp-ts starts each task on a later microtask, so the handles exist before the tasks that return them.
    const resolvers: Array<(e: E.Either<Error, number>) => void> = [];
    const tasks = Array.from({ length: width }, (): TE.TaskEither<Error, number> => {
      const handle = new Promise<E.Either<Error, number>>((r) => resolvers.push(r));
      return () => handle;
    });
    const gathered = TE.sequenceArray(tasks)();
    for (const [i, resolve] of resolvers.entries()) resolve(E.right(i));
    const all = await gathered;
    return E.isRight(all) ? all.right.reduce((a, b) => a + b, 0) : Number.NaN;
  },
  async deep(depth) {
    let resolveLeaf: (e: E.Either<Error, number>) => void = () => {};
    const leaf = new Promise<E.Either<Error, number>>((r) => (resolveLeaf = r));
    let top: TE.TaskEither<Error, number> = () => leaf;
    for (let i = 0; i < depth; i++)
      top = pipe(
        top,
        TE.map((v) => v + 1),
      );
    const running = top();
    resolveLeaf(E.right(0));
    return rightOf(await running);
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      const handle = new Promise<E.Either<Error, number>>((resolve) => completers.push(resolve));
      const task: TE.TaskEither<Error, number> = () => handle;
      pipe(
        task,
        TE.map((v) => (sink.value = v)),
      )();
    }
  },
};
