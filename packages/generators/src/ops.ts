/**
 * Generator trampoline model: the typed suspension point.
 * Contract: `yield* wait(x)` suspends the running Task until `x` settles and evaluates
 * to its result (typed), or throws its exception at that spot; a Future that is already done
 * does not suspend at all (asyncio's `Future.__await__`).
 * Lineage: Effection's `Operation<T>` (lib/types.ts) and `yield* call(…)` (lib/call.ts),
 * typed suspension, over the untyped
 * `yield future` of asyncio's @coroutine, Tornado's gen.coroutine and tj/co.
 * Read task.ts next.
 */
import { Future } from '@async-rosetta/future';

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
 * `wait(f)` of a Future that is already done: asyncio's `Future.__await__`
 * (Lib/asyncio/futures.py) yields only `if not self.done()`, so awaiting a done Future
 * returns `self.result()` at once and the Task never sees it. Likewise here: `yield*` over a
 * Ready finishes at its first `next()`, which reads the result (or throws the exception)
 * there; nothing is yielded, no Task step is spent, and no generator is made. It is a
 * complete iterator (next, return, throw), so it also runs as a Task's coroutine or as a
 * sub-coroutine (`yield wait(f)`).
 */
class Ready<T> implements Operation<T> {
  /** The done Future, until the first `next()`, `return()` or `throw()` closes this. */
  #future: Future<T> | null;

  constructor(future: Future<T>) {
    this.#future = future;
  }

  next(): IteratorResult<Yieldable, T> {
    const f = this.#future;
    if (f === null) return { done: true, value: undefined as T }; // closed, as a generator is
    this.#future = null;
    return { done: true, value: f.result() }; // result() throws the Future's exception
  }

  return(value: T): IteratorResult<Yieldable, T> {
    this.#future = null;
    return { done: true, value };
  }

  throw(error: unknown): IteratorResult<Yieldable, T> {
    this.#future = null;
    throw error;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * Suspends the running Task until `x` settles; `yield* wait(x)` evaluates to its result,
 * typed, or throws its exception at the `yield*`. A Future that is already done does not
 * suspend: `yield*` returns its result there and then (see Ready). An Operation is simply
 * delegated to.
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
  if (x instanceof Future) return x.done() ? new Ready(x) : suspend(x);
  return isGenerator(x) ? (x as Operation<T>) : suspend(x as PromiseLike<T>);
}
