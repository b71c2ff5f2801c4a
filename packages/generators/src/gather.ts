/**
 * Generator trampoline model: gather.
 * Contract: `gather(a, b, …)` is a Future of every result in input order; the first
 * exception fails it at once (unless `returnExceptions`); cancelling it cancels every child.
 * Lineage: asyncio.gather and _GatheringFuture (Lib/asyncio/tasks.py). Read wait-all.ts next.
 */
import { CancelledError, type EventLoop, Future } from '@async-rosetta/future';
import { toFuture } from './ensure.js';
import type { Awaitable } from './ops.js';
import { outcomeOf } from './outcome.js';
import { currentLoop } from './task.js';

/** `returnExceptions: true`: failures become values in the result list instead of failing the whole. */
export interface GatherOptions {
  returnExceptions: boolean;
}

/** The Future gather returns: cancelling it cancels the children (asyncio's _GatheringFuture). */
export class GatheringFuture<T> extends Future<T> {
  readonly #children: readonly Future<unknown>[];
  #cancelRequested = false;

  constructor(children: readonly Future<unknown>[], loop: EventLoop) {
    super({ loop });
    this.#children = children;
  }

  /**
   * Cancels every child; once they are done the whole fails with CancelledError (as in
   * asyncio, it is then FINISHED with that exception, not `cancelled()`).
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let cancelled = false;
    for (const child of this.#children) if (child.cancel(msg)) cancelled = true;
    if (cancelled) this.#cancelRequested = true;
    return cancelled;
  }

  /** True once cancel() reached at least one child. */
  cancelRequested(): boolean {
    return this.#cancelRequested;
  }
}

function isGatherOptions(x: unknown): x is GatherOptions {
  return (
    typeof x === 'object' &&
    x !== null &&
    Object.getPrototypeOf(x) === Object.prototype &&
    'returnExceptions' in x
  );
}

/**
 * Runs the awaitables concurrently (generators become Tasks) and completes with their
 * results in input order. The first exception (or cancellation) of a child fails the
 * whole at once; the other children go on. Pass `{ returnExceptions: true }` last to
 * get exceptions as values instead. Cancelling the whole cancels every child.
 *
 * @example
 * const [a, b] = yield* wait(gather(fetchPage(urlA), fetchPage(urlB)));
 */
export function gather<T extends unknown[]>(
  ...aws: { [K in keyof T]: Awaitable<T[K]> }
): GatheringFuture<T>;
export function gather(
  ...args: [...Awaitable<unknown>[], GatherOptions]
): GatheringFuture<unknown[]>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  const last = args[args.length - 1];
  const returnExceptions = isGatherOptions(last) ? last.returnExceptions : false;
  const aws = (isGatherOptions(last) ? args.slice(0, -1) : args) as Awaitable<unknown>[];
  const firstFuture = aws.find((a): a is Future<unknown> => a instanceof Future);
  const loop = firstFuture?.getLoop() ?? currentLoop();
  // The same awaitable twice is one child (asyncio dedups too).
  const byInput = new Map<Awaitable<unknown>, Future<unknown>>();
  for (const a of aws) if (!byInput.has(a)) byInput.set(a, toFuture(a, loop));
  const children = [...new Set(byInput.values())];
  const outer = new GatheringFuture<unknown[]>(children, loop);
  if (children.length === 0) {
    outer.setResult([]);
    return outer;
  }
  let finished = 0;
  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer.done()) {
      if (!child.cancelled()) child.exception(); // retrieved: the whole already failed
      return;
    }
    // asyncio sets a CancelledError as the whole's *exception*: awaiting it raises
    // CancelledError, yet `outer.cancelled()` stays false.
    if (!returnExceptions && child.cancelled()) {
      outer.setException(cancelledErrorOf(child));
    } else if (!returnExceptions && child.exception() !== null) {
      outer.setException(child.exception());
    } else if (finished === children.length) {
      // A cancel() of the whole wins over returnExceptions (asyncio, bpo-32684).
      const results = aws.map((a) => entryOf(byInput.get(a)!)); // retrieves every exception
      if (outer.cancelRequested()) outer.setException(cancelledErrorOf(child));
      else outer.setResult(results);
    }
  };
  for (const child of children) child.addDoneCallback(onChildDone);
  return outer;
}

/** A done child's value in the result list: its result, or its exception as a value. */
function entryOf(child: Future<unknown>): unknown {
  if (child.cancelled()) return cancelledErrorOf(child);
  const exc = child.exception();
  return exc !== null ? exc : child.result();
}

/** The CancelledError a cancelled child throws (with its message), else a new one. */
function cancelledErrorOf(child: Future<unknown>): CancelledError {
  const outcome = outcomeOf(child);
  return !outcome.ok && outcome.error instanceof CancelledError
    ? outcome.error
    : new CancelledError();
}
