/**
 * Generator trampoline model: argument checks for the tasks.
 * Contract: each check throws an Error with code EINVAL; called inside a Task's
 * generator, that becomes the Task's exception (never a synchronous throw to the caller).
 * Lineage: SPEC.md's error vocabulary. Read tasks/fetch.ts next.
 */

/** A bad argument (SPEC.md: EINVAL). */
export class InvalidArgumentError extends Error {
  override name = 'InvalidArgumentError';
  readonly code = 'EINVAL';
}

/** An integer >= `min`, else EINVAL naming `what`. */
export function checkCount(what: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${what} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}
