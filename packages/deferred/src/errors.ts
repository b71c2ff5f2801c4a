/**
 * Twisted model — the errors the core raises by itself, each with `name` set and, where
 * comparisons/SPEC.md has one, its `code` (CancelledError ECANCELLED, TimeoutError ETIMEDOUT).
 * Contract: BEHAVIOURS.md 9, 23, 28, 32, 35, 44.
 * Lineage: twisted/internet/defer.py (AlreadyCalledError, CancelledError, TimeoutError, FirstError,
 * FailureGroup, QueueOverflow, QueueUnderflow).
 * Read next: failure.ts.
 */
import type { Failure } from './failure.js';

/** The error a cancelled Deferred fails with, unless its canceller fired it otherwise. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly code = 'ECANCELLED';
  constructor(message = 'Deferred was cancelled') {
    super(message);
  }
}

/** Thrown by `callback()`/`errback()` on a Deferred that has already been fired. */
export class AlreadyCalledError extends Error {
  override readonly name = 'AlreadyCalledError';
  constructor(message = 'Deferred has already been called') {
    super(message);
  }
}

/** What `addTimeout()` turns the CancelledError of a timed-out Deferred into. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
  constructor(message = 'Deferred timed out') {
    super(message);
  }
}

/** Thrown when an operation is used in a state that does not allow it (e.g. `unpause()` without `pause()`). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}

/** The first failure of a `DeferredList` with `fireOnOneErrback` (and of `gatherResults`). */
export class FirstError extends Error {
  override readonly name = 'FirstError';
  /** The failure of the input that failed first. */
  readonly subFailure: Failure;
  /** Its position in the input list. */
  readonly index: number;
  constructor(failure: Failure, index: number) {
    super(`FirstError[#${index}, ${failure.getErrorMessage()}]`);
    this.subFailure = failure;
    this.index = index;
  }
}

/** `race()` failed because every input failed; `failures` are in input order. */
export class FailureGroup extends Error {
  override readonly name = 'FailureGroup';
  readonly failures: Failure[];
  constructor(failures: Failure[]) {
    super(`all ${failures.length} Deferreds failed`);
    this.failures = failures;
  }
}

/** `DeferredQueue#put` on a full queue. */
export class QueueOverflow extends Error {
  override readonly name = 'QueueOverflow';
  constructor(message = 'DeferredQueue is full') {
    super(message);
  }
}

/** `DeferredQueue#get` when the backlog of waiting getters is full. */
export class QueueUnderflow extends Error {
  override readonly name = 'QueueUnderflow';
  constructor(message = 'DeferredQueue backlog of waiting gets is full') {
    super(message);
  }
}
