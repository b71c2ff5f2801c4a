/**
 * Generator trampoline model: small helpers over a Future's outcome.
 * Contract: read a done Future's outcome as data, copy it onto another Future,
 * complete a Future only if nobody completed (or cancelled) it first.
 * Lineage: asyncio's futures._set_result_unless_cancelled and tasks._release_waiter.
 * Read task.ts next.
 */
import type { Future } from '@async-rosetta/future';

/** How a generator is resumed: a value sent in, or an error thrown in. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The outcome of a done Future; reading it marks its exception as retrieved. */
export function outcomeOf(f: Future<unknown>): Outcome {
  try {
    return { ok: true, value: f.result() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Completes `f` with `value` unless it is already done (a timer racing a cancel). */
export function setResultUnlessDone<T>(f: Future<T>, value: T): void {
  if (!f.done()) f.setResult(value);
}
