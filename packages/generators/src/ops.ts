/**
 * Generator trampoline model: the typed suspension point.
 * Contract: `yield* wait(x)` suspends the running Task until `x` settles and evaluates
 * to its result (typed), or throws its exception at that spot.
 * Lineage: Effection's `Operation<T>` (lib/types.ts) and `yield* call(…)` (lib/call.ts),
 * typed suspension, over the untyped
 * `yield future` of asyncio's @coroutine, Tornado's gen.coroutine and tj/co.
 * Read task.ts next.
 */
import type { Future } from '@async-rosetta/future';

/**
 * What a Task's generator may yield: a Future (suspend until it is done), a thenable
 * (adopted as a Future), a generator (run as a sub-coroutine on the Task's own stack),
 * or nothing (bare `yield`: give up one loop iteration).
 */
export type Yieldable =
  | Future<unknown>
  | PromiseLike<unknown>
  | Generator<Yieldable, unknown, unknown>
  | undefined;

/**
 * A generator a Task can run, returning `T`: the unit of work of this model. Write one as
 * `function* (): Operation<T> { … }`; run one with `spawn`/`createTask`, or from inside
 * another with `yield*`.
 */
export type Operation<T> = Generator<Yieldable, T, unknown>;

/** Anything a combinator accepts: a Future, a thenable, or an Operation (wrapped in a Task). */
export type Awaitable<T> = Future<T> | PromiseLike<T> | Operation<T>;

/** True for a generator object (what `function*` returns). */
export function isGenerator(x: unknown): x is Generator<Yieldable, unknown, unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Generator).next === 'function' &&
    typeof (x as Generator).throw === 'function' &&
    typeof (x as Generator)[Symbol.iterator] === 'function'
  );
}

/** True for anything with a callable `then` (a Promise or another thenable). */
export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    (typeof x === 'object' || typeof x === 'function') &&
    x !== null &&
    typeof (x as PromiseLike<unknown>).then === 'function'
  );
}

function* suspend<T>(f: Future<T> | PromiseLike<T>): Operation<T> {
  // The Task sends the Future's result in here (or throws its exception here).
  return (yield f) as T;
}

/**
 * Suspends the running Task until `x` settles; `yield* wait(x)` evaluates to its result,
 * typed, or throws its exception at the `yield*`. An Operation is simply delegated to.
 * (asyncio's `wait(fs, {returnWhen})` is `waitAll` here: see wait-all.ts.)
 *
 * @example
 * function* getPage(url: string): Operation<Page> {
 *   const response = yield* wait(request(loop, 'GET', url)); // Response, not unknown
 *   const body = yield* wait(response.read());                // Uint8Array
 *   return toPage(response, body);
 * }
 */
export function wait<T>(x: Awaitable<T>): Operation<T> {
  return isGenerator(x) ? (x as Operation<T>) : suspend(x as Future<T> | PromiseLike<T>);
}
