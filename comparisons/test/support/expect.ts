/**
 * Conformance suite support: assertions shared by every task file — a task's
 * rejection carries a code, and "promptly" has one meaning across the suite.
 * Read support/net.ts next.
 */
import { expect } from 'vitest';

/** The SPEC.md vocabulary (Node's own codes pass through besides these). */
export const VOCABULARY = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECANCELLED',
  'ETOOLARGE',
  'EPROTO',
  'EINVAL',
] as const;

/**
 * How soon after a cancel, a deadline or a fail-fast the fixture must have seen
 * the client close its socket. A closing model does it within an event-loop turn
 * or two (a few ms, same process); the margin is for a loaded 2-core machine.
 */
export const PROMPT_MS = 250;

/**
 * How long a test waits for an event it awaits before calling it missing. Not a measure
 * of speed (a correct model gets there in milliseconds): only a bound that turns a model
 * that never gets there into a failure instead of a hang, wide enough for a loaded machine.
 */
export const GUARD_MS = 5_000;

/** Asserts that `result` rejects with an Error whose `code` is `code`; returns that error. */
export async function expectCode(
  result: Promise<unknown>,
  code: string,
): Promise<Error & { code: string }> {
  const outcome = await result.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) {
    expect.fail(`expected a rejection with ${code}, got a result: ${show(outcome.value)}`);
  }
  const error = outcome.error as Error & { code: string };
  expect(error, `rejects with an Error (got ${show(error)})`).toBeInstanceOf(Error);
  expect(error.code, `code of ${error.name}: ${error.message}`).toBe(code);
  return error;
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 200) ?? String(v);
  } catch {
    return String(v);
  }
}
