/**
 * async/await model — what this model adds to the tasks' options: `signal`, its way to
 * cancel.
 * Contract: every task takes task-spec's options (comparisons/SPEC.md, "Arguments"; the
 * shapes, domains and defaults are task-spec's, none restated here) plus an optional
 * AbortSignal; `callerSignal(o)` reads it, and anything but an AbortSignal is EINVAL
 * (thrown inside the task's async body, so it is a rejection).
 * Lineage: Node's `signal` option (AbortSignal, from the DOM). Read ../fetch.ts next.
 */
import type * as Spec from '@async-rosetta/task-spec';
import { invalidArgument } from '@async-rosetta/task-spec';

/** Cancellation, this model's way: an AbortSignal. */
export interface Abortable {
  /** Aborting it cancels the task → ECANCELLED. */
  signal?: AbortSignal;
}

export type FetchOptions = Spec.FetchOptions & Abortable;
export type FetchAllOptions = Spec.FetchAllOptions & Abortable;
export type EchoClientOptions = Spec.EchoClientOptions & Abortable;

/** The caller's AbortSignal in `o`, if any; anything else is EINVAL. */
export function callerSignal(o: unknown): AbortSignal | undefined {
  const signal = (o as Abortable | null | undefined)?.signal;
  if (signal === undefined || signal instanceof AbortSignal) return signal;
  throw invalidArgument('signal must be an AbortSignal');
}
