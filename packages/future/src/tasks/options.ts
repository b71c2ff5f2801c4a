/**
 * asyncio-callback model: argument checks of the tasks.
 * Contract: each check returns the EINVAL error for a bad argument, or null; the tasks
 * set that error on their Future (SPEC.md: a bad argument is never thrown).
 * Lineage: none upstream; SPEC.md's EINVAL rules. Read fetch.ts and echo.ts next.
 */
import { NetError } from '../net/net-error.js';

function isIntegerAtLeast(x: unknown, min: number): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= min;
}

/** `value` must be an integer >= `min` (when given, if `optional`). */
export function checkCount(
  name: string,
  value: unknown,
  min: number,
  optional = false,
): NetError | null {
  if (optional && value === undefined) return null;
  if (isIntegerAtLeast(value, min)) return null;
  return new NetError('EINVAL', `${name} must be an integer >= ${min}, not ${String(value)}`);
}

/** `timeoutMs`, when given, must be a number >= 0. */
export function checkTimeout(timeoutMs: unknown): NetError | null {
  if (timeoutMs === undefined || (typeof timeoutMs === 'number' && timeoutMs >= 0)) return null;
  return new NetError('EINVAL', `timeoutMs must be a number >= 0, not ${String(timeoutMs)}`);
}

/** The first error of several checks, or null. */
export function firstError(...checks: (NetError | null)[]): NetError | null {
  return checks.find((e) => e !== null) ?? null;
}
