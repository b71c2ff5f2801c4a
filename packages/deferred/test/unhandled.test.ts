// Deferreds — the semantic tests of the "Unhandled error in Deferred" report: a Deferred
// collected with a Failure as its final result is reported; a handled or chained-away one is
// not. Contract: BEHAVIOURS.md 41; runs under vitest's --expose-gc.
// Lineage: twisted/test/test_defer.py (LogTests). Read next: debug.test.ts.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  Deferred,
  fail,
  setDebugging,
  setUnhandledErrorReporter,
  succeed,
  type UnhandledErrorReport,
} from '../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;

/** Reports received, by error message. */
let reports: UnhandledErrorReport[] = [];
const previous = setUnhandledErrorReporter((report) => reports.push(report));
afterEach(() => {
  reports = [];
});
afterAll(() => {
  setUnhandledErrorReporter(previous);
});

function reportedMessages(): string[] {
  return reports.map((r) => r.failure.getErrorMessage());
}

/** Collects garbage until `done()` or a bounded number of rounds (each lets finalizers run). */
async function collectUntil(done: () => boolean, rounds = 50): Promise<void> {
  if (gc === undefined)
    throw new Error('these tests need node --expose-gc (vitest.config.ts sets it)');
  for (let i = 0; i < rounds && !done(); i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Creates, in a frame of its own, a Deferred that is dropped with an unhandled failure. */
function dropUnhandled(message: string): void {
  const d = new Deferred<string>();
  d.addCallback((v) => v);
  d.errback(new Error(message));
}

describe('unhandled errors', () => {
  it('reports "Unhandled error in Deferred" with the failure when a failed Deferred is collected', async () => {
    // upstream: twisted/test/test_defer.py LogTests.test_errorLog
    dropUnhandled('never handled');
    await collectUntil(() => reportedMessages().includes('never handled'));
    expect(reportedMessages()).toContain('never handled');
    const report = reports.find((r) => r.failure.getErrorMessage() === 'never handled');
    expect(report?.message).toBe('Unhandled error in Deferred:');
    expect(report?.failure.getTraceback()).toContain('unhandled.test.ts');
  });

  it('reports a failure raised by a callback and left unhandled', async () => {
    // upstream: twisted/test/test_defer.py LogTests.test_errorLogWithInnerFrameRef
    (() => {
      succeed(1).addCallback(() => {
        throw new Error('callback threw');
      });
    })();
    await collectUntil(() => reportedMessages().includes('callback threw'));
    expect(reportedMessages()).toContain('callback threw');
  });

  it('does not report a handled failure, nor one chained away to another Deferred', async () => {
    // upstream: twisted/test/test_defer.py LogTests.test_errorClearedByChaining, test_chainedErrorCleanup
    (() => {
      fail(new Error('handled')).addErrback(() => undefined);
      const inner = fail(new Error('chained away'));
      succeed(0)
        .addCallback(() => inner)
        .addErrback(() => undefined);
    })();
    dropUnhandled('control'); // collected in the same cycles: proves collection happened
    await collectUntil(() => reportedMessages().includes('control'));
    await collectUntil(() => false, 5); // a few more cycles for stragglers
    expect(reportedMessages()).toContain('control');
    expect(reportedMessages()).not.toContain('handled');
    expect(reportedMessages()).not.toContain('chained away');
  });

  it('includes the creator and invoker stacks when debugging', async () => {
    // upstream: twisted/test/test_defer.py LogTests.test_errorLogDebugInfo
    setDebugging(true);
    try {
      dropUnhandled('debugged');
    } finally {
      setDebugging(false);
    }
    await collectUntil(() => reportedMessages().includes('debugged'));
    const report = reports.find((r) => r.failure.getErrorMessage() === 'debugged');
    expect(report?.debug).toContain(' C: Deferred was created:');
    expect(report?.debug).toContain('dropUnhandled');
    expect(report?.debug).toContain(' I: First Invoker was:');
  });
});

describe('the unhandled-error watch is settled at the end of the job', () => {
  /** An Error that counts how often its stack is read (cleanFailure reads it once). */
  function countingError(message: string): { error: Error; reads: () => number } {
    let reads = 0;
    const error = new Error(message);
    Object.defineProperty(error, 'stack', {
      get: () => {
        reads++;
        return `Error: ${message}\n    at somewhere`;
      },
    });
    return { error, reads: () => reads };
  }

  it('leaves a failure handled within the same job alone: its stack is never read', async () => {
    // upstream: twisted/internet/defer.py Deferred._runCallbacks (cleanFailure and
    // DebugInfo.failResult when a run ends on a Failure; an errback added next clears it)
    const { error, reads } = countingError('handled at once');
    const d = fail<string>(error);
    d.addErrback(() => 'recovered');
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads()).toBe(0);
    expect(d.result).toBe('recovered');
  });

  it('fixes the stack of a failure still unhandled at the end of the job as text (cleanFailure)', async () => {
    // upstream: twisted/internet/defer.py Deferred._runCallbacks (current.result.cleanFailure())
    const { error, reads } = countingError('still failing');
    const d = fail<string>(error);
    expect(reads()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads()).toBe(1);
    d.addErrback(() => 'handled late'); // handled after all: nothing is reported for it
  });
});
