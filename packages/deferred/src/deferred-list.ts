/**
 * Twisted model — combining Deferreds: DeferredList (every result, as success/failure pairs),
 * gatherResults (every value, or the first error) and race (the first success).
 * Contract: BEHAVIOURS.md 30–35.
 * Lineage: twisted/internet/defer.py (DeferredList, gatherResults, race, FirstError, FailureGroup).
 * Read next: locks.ts.
 */
import { Deferred } from './deferred.js';
import { FailureGroup, FirstError } from './errors.js';
import { Failure } from './failure.js';

/** One entry of a DeferredList result: `[true, value]` or `[false, failure]`. */
export type DeferredListEntry<T> = [true, T] | [false, Failure];

/** Options of a DeferredList. */
export interface DeferredListOptions {
  /** Fire with `[value, index]` as soon as one input succeeds. */
  fireOnOneCallback?: boolean;
  /** Fail with `FirstError(failure, index)` as soon as one input fails. */
  fireOnOneErrback?: boolean;
  /** Turn each input's Failure into undefined for callbacks added to it later (and so never report it). */
  consumeErrors?: boolean;
}

/**
 * Collects the results of several Deferreds into one list, in input order, of
 * `[true, value]`/`[false, failure]` pairs, once all have fired. The DeferredList's own callbacks
 * are added to each input, so an input's earlier callbacks shape what is collected and its later
 * ones see the input's result passed on (or undefined for a failure under `consumeErrors`).
 * With `fireOnOneCallback` the result type is `[value, index]`: say so with the second type
 * parameter, `new DeferredList<T, [T, number]>(ds, { fireOnOneCallback: true })`.
 *
 * @example
 * new DeferredList([getPage(a), getPage(b)], { consumeErrors: true })
 *   .addCallback((entries) => entries.filter(([ok]) => ok).length);
 */
export class DeferredList<T, R = DeferredListEntry<T>[]> extends Deferred<R> {
  private readonly inputs: Deferred<T>[];
  private readonly entries: (DeferredListEntry<T> | undefined)[];
  private finishedCount = 0;

  constructor(deferreds: Iterable<Deferred<T>>, options: DeferredListOptions = {}) {
    super();
    this.inputs = [...deferreds];
    this.entries = new Array(this.inputs.length).fill(undefined);
    const { fireOnOneCallback = false, fireOnOneErrback = false, consumeErrors = false } = options;
    if (this.inputs.length === 0 && !fireOnOneCallback) this.callback([] as R);
    this.inputs.forEach((input, index) => {
      input.addCallbacks(
        (value: T) => {
          this.record(index, [true, value], fireOnOneCallback ? [value, index] : undefined);
          return value;
        },
        (failure: Failure) => {
          this.record(
            index,
            [false, failure],
            fireOnOneErrback ? new Failure(new FirstError(failure, index)) : undefined,
          );
          return consumeErrors ? undefined : failure;
        },
      );
    });
  }

  /** Cancels every input, as long as this DeferredList has not fired. */
  override cancel(): void {
    if (this.called) return;
    for (const input of this.inputs) input.cancel();
  }

  private record(index: number, entry: DeferredListEntry<T>, fireNow: unknown): void {
    this.entries[index] = entry;
    this.finishedCount++;
    if (this.called) return;
    if (fireNow !== undefined) this.callback(fireNow as R);
    else if (this.finishedCount === this.entries.length) this.callback(this.entries as R);
  }
}

/**
 * The values of all `deferreds`, in order — or, as soon as one fails, a FirstError wrapping its
 * failure. Cancelling the result cancels every input.
 *
 * @example
 * gatherResults(urls.map(getPage)).addCallback((pages) => pages.length);
 */
export function gatherResults<T>(
  deferreds: Iterable<Deferred<T>>,
  consumeErrors = false,
): Deferred<T[]> {
  return new DeferredList(deferreds, { fireOnOneErrback: true, consumeErrors }).addCallback(
    (entries) => entries.map((entry) => entry[1] as T),
  );
}

/**
 * `[index, value]` of the first input to succeed; the other inputs are then cancelled. If all
 * fail, a FailureGroup of their failures in input order. Consumes every input's result.
 * Cancelling the result cancels every input.
 *
 * @example
 * race([getPage(mirrorA), getPage(mirrorB)]).addCallback(([index, page]) => page);
 */
export function race<T>(deferreds: Iterable<Deferred<T>>): Deferred<[number, T]> {
  const inputs = [...deferreds];
  let winner: Deferred<T> | null = null;
  const failures: [number, Failure][] = [];
  const result = new Deferred<[number, T]>(() => {
    for (const input of inputs) input.cancel();
  });
  inputs.forEach((input, index) => {
    input.addCallbacks(
      (value: T) => {
        if (winner !== null) return; // a canceller that answered with a success
        winner = input;
        for (const other of inputs) if (other !== winner) other.cancel();
        result.callback([index, value]);
      },
      (failure: Failure) => {
        failures.push([index, failure]);
        if (failures.length === inputs.length) {
          failures.sort((a, b) => a[0] - b[0]);
          result.errback(new FailureGroup(failures.map(([, f]) => f)));
        }
      },
    );
  });
  return result;
}
