/**
 * Deferreds — the public API of @async-rosetta/deferred: Twisted's model of asynchronous
 * programming (Deferred, Failure, a reactor) in TypeScript.
 *
 * Lineage: twisted.internet.defer, twisted.python.failure, twisted.internet.task.Clock; the
 * networking half (reactor, TCP, HTTP) follows twisted.internet and twisted.web.client.
 * Read first: src/tasks/ (the exhibit), then deferred.ts.
 */

export type { DelayedCallHost, IDelayedCall, IReactorTime } from './clock.js';
export { Clock, DelayedCall } from './clock.js';
export { getDebugging, setDebugging } from './debug.js';
// ── core: Deferred and friends (twisted.internet.defer) ──
export type { Canceller, ResultOf } from './deferred.js';
export { Deferred, fail, succeed } from './deferred.js';
export type { DeferredListEntry, DeferredListOptions } from './deferred-list.js';
export { DeferredList, gatherResults, race } from './deferred-list.js';
export {
  AlreadyCalledError,
  CancelledError,
  FailureGroup,
  FirstError,
  InvalidStateError,
  QueueOverflow,
  QueueUnderflow,
  TimeoutError,
} from './errors.js';
export type { ErrorType } from './failure.js';
export { Failure } from './failure.js';
export type { InlineGenerator } from './inline-callbacks.js';
export { ensureDeferred, inlineCallbacks } from './inline-callbacks.js';
export { DeferredLock, DeferredSemaphore } from './locks.js';
export { maybeDeferred } from './maybe-deferred.js';
export { DeferredQueue } from './queue.js';
export type { UnhandledErrorReport, UnhandledErrorReporter } from './unhandled.js';
export { setUnhandledErrorReporter } from './unhandled.js';

// ── networking: reactor, TCP, HTTP, tasks (deferred-net appends below) ──
