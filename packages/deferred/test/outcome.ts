// Deferreds — the one helper the semantic tests share: what a Deferred holds right now, read
// through a callback pair that passes it on unchanged. Contract: reading never changes the
// result. Lineage: twisted/trial/_synctest.py (successResultOf, failureResultOf).
// Read next: deferred.test.ts.
import type { Deferred, Failure } from '../src/index.js';

/**
 * The outcome `d` currently holds — `{ value }` or `{ error }` (the Failure's value) — or
 * undefined while it has none (unfired, paused, or waiting on another Deferred).
 */
export function outcome<T>(d: Deferred<T>): { value?: unknown; error?: unknown } | undefined {
  let seen: { value?: unknown; error?: unknown } | undefined;
  d.addCallbacks(
    (value) => {
      seen = { value };
      return value;
    },
    (failure: Failure) => {
      seen = { error: failure.value };
      return failure;
    },
  );
  return seen;
}
