/**
 * Twisted model — the "Unhandled error in Deferred" report: a Deferred garbage-collected
 * while its result is a Failure is reported through a replaceable reporter (default: stderr).
 * Contract: BEHAVIOURS.md 41. Here a FinalizationRegistry whose held value is the Deferred's
 * DebugInfo (which never references the Deferred).
 * Lineage: twisted/internet/defer.py (DebugInfo.__del__).
 * Read next: maybe-deferred.ts.
 */
import type { DebugInfo } from './debug.js';
import type { Failure } from './failure.js';

/** One report: the message, the failure, and the creator/invoker stacks when debugging. */
export interface UnhandledErrorReport {
  message: string;
  failure: Failure;
  debug: string;
}

/** Receives unhandled-error reports. */
export type UnhandledErrorReporter = (report: UnhandledErrorReport) => void;

const defaultReporter: UnhandledErrorReporter = ({ message, failure, debug }) => {
  process.stderr.write(`${message}\n${debug}${failure.getTraceback()}\n`);
};

let reporter: UnhandledErrorReporter = defaultReporter;

/**
 * Replaces the reporter (null restores the default, which writes to stderr); returns the previous one.
 *
 * @example
 * const seen: Failure[] = [];
 * const previous = setUnhandledErrorReporter((r) => seen.push(r.failure));
 * // … later
 * setUnhandledErrorReporter(previous);
 */
export function setUnhandledErrorReporter(
  next: UnhandledErrorReporter | null,
): UnhandledErrorReporter {
  const previous = reporter;
  reporter = next ?? defaultReporter;
  return previous;
}

/** Sends a report to the current reporter; a reporter that throws is ignored. */
export function reportError(message: string, failure: Failure, debug = ''): void {
  try {
    reporter({ message, failure, debug });
  } catch {
    // a broken reporter must not break the code that reports
  }
}

const registry = new FinalizationRegistry<DebugInfo>((info) => {
  if (info.failResult !== null)
    reportError('Unhandled error in Deferred:', info.failResult, info.describe());
});

/**
 * Deferreds that ended a run of callbacks holding a Failure, waiting for the end of the current
 * job (a microtask): most failures are handled before then — an errback added next, a parent
 * generator's `yield` — and need neither a registration nor their stack fixed as text.
 */
let queued: Array<{ deferred: object; info: DebugInfo }> = [];

/** Registers the queued Deferreds that still hold their Failure; fixes its stack as text (cleanFailure). */
function registerStillFailing(): void {
  const batch = queued;
  queued = [];
  for (const { deferred, info } of batch) {
    if (info.failResult === null) {
      info.watched = false; // handled in time: a later failure queues it again
      continue;
    }
    info.failResult.cleanFailure();
    registry.register(deferred, info);
  }
}

/**
 * Registers `deferred` (once) so that its `info.failResult`, if any, is reported when it is
 * collected. The registration (a weak cell the collector must process) and the Failure's
 * cleanFailure are deferred to the end of the current job, and skipped for a failure handled by
 * then: that is where Twisted's DebugInfo is free (a CPython object with `__del__`) and a
 * FinalizationRegistry is not.
 */
export function watchForUnhandled(deferred: object, info: DebugInfo): void {
  if (info.watched) return;
  info.watched = true;
  if (queued.length === 0) queueMicrotask(registerStillFailing);
  queued.push({ deferred, info });
}
