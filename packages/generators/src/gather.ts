/**
 * Generator trampoline model: gather.
 * Contract: `gather(a, b, …)` is a Future of every result in input order; the first
 * exception fails it at once (unless `returnExceptions`); cancelling it cancels every child.
 * Lineage: asyncio.gather and _GatheringFuture (Lib/asyncio/tasks.py). Read wait-all.ts next.
 */
import { type EventLoop, Future } from '@async-rosetta/future';
import { toFuture } from './ensure.js';
import type { Awaitable } from './ops.js';
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
  if (aws.length === 0) {
    const empty = new GatheringFuture<unknown[]>([], loop);
    empty.setResult([]);
    return empty;
  }
  // One child per distinct awaitable, but `children` keeps one entry per argument (a
  // duplicate is cancelled twice by cancel(), as in asyncio).
  const byInput = new Map<Awaitable<unknown>, Future<unknown>>();
  const children: Future<unknown>[] = [];
  let outer: GatheringFuture<unknown[]> | undefined;
  let nfuts = 0;
  let nfinished = 0;
  const onChildDone = (child: Future<unknown>): void => {
    nfinished++;
    if (outer === undefined || outer.done()) {
      if (!child.cancelled()) child.exception(); // retrieved: the whole already failed
      return;
    }
    if (!returnExceptions) {
      // asyncio sets a CancelledError as the whole's *exception*: awaiting it raises
      // CancelledError, yet `outer.cancelled()` stays false.
      const exc = child.cancelled() ? child._makeCancelledError() : child.exception();
      if (exc !== null) {
        outer.setException(exc);
        return;
      }
    }
    if (nfinished === nfuts) {
      const results = children.map(entryOf); // retrieves every exception
      // A cancel() of the whole wins over returnExceptions (asyncio, bpo-32684); the error
      // is the last child's, as asyncio's loop variable leaves it.
      if (outer.cancelRequested())
        outer.setException(children[children.length - 1]!._makeCancelledError());
      else outer.setResult(results);
    }
  };
  // Argument by argument, as asyncio: make the child, then register on it, so a done
  // Future's callback is queued before the next argument's Task takes its first step.
  for (const a of aws) {
    let child = byInput.get(a);
    if (child === undefined) {
      child = toFuture(a, loop);
      byInput.set(a, child);
      nfuts++;
      child.addDoneCallback(onChildDone);
    }
    children.push(child);
  }
  outer = new GatheringFuture<unknown[]>(children, loop);
  return outer;
}

/** A done child's value in the result list: its result, or its exception as a value. */
function entryOf(child: Future<unknown>): unknown {
  if (child.cancelled()) return child._makeCancelledError();
  const exc = child.exception();
  return exc !== null ? exc : child.result();
}
