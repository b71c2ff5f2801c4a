// Deferreds — the semantic tests of setDebugging: creator and invoker stacks, named by
// AlreadyCalledError. Contract: BEHAVIOURS.md 42. Lineage: twisted/test/test_defer.py
// (AlreadyCalledTests). Read next: unhandled.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyCalledError, Deferred, getDebugging, setDebugging } from '../src/index.js';

function createdInHere(): Deferred<string> {
  return new Deferred<string>();
}
function firstCallback(d: Deferred<string>): void {
  d.callback('first');
}
function firstErrback(d: Deferred<string>): void {
  d.errback(new Error('first'));
  d.addErrback(() => undefined);
}

/** The AlreadyCalledError of the second firing. */
function secondFiring(d: Deferred<string>, how: 'callback' | 'errback'): AlreadyCalledError {
  try {
    if (how === 'callback') d.callback('second');
    else d.errback(new Error('second'));
  } catch (e) {
    return e as AlreadyCalledError;
  }
  throw new Error('second firing did not throw');
}

describe('setDebugging()', () => {
  beforeEach(() => setDebugging(true));
  afterEach(() => setDebugging(false));

  it('is reported by getDebugging()', () => {
    // upstream: twisted/internet/defer.py setDebugging/getDebugging (cf. AlreadyCalledTests.testSwitchDebugging)
    expect(getDebugging()).toBe(true);
    setDebugging(false);
    expect(getDebugging()).toBe(false);
  });

  it.each([
    ['callback', 'callback', firstCallback],
    ['callback', 'errback', firstCallback],
    ['errback', 'callback', firstErrback],
    ['errback', 'errback', firstErrback],
  ] as const)(
    'names the creator and the first invoker in AlreadyCalledError (%s then %s)',
    (_first, second, fireFirst) => {
      // upstream: twisted/test/test_defer.py AlreadyCalledTests.testAlreadyCalledDebug_CC/_CE/_EC/_EE
      const d = createdInHere();
      fireFirst(d);
      const error = secondFiring(d, second);
      expect(error).toBeInstanceOf(AlreadyCalledError);
      expect(error.message).toContain(' C: Deferred was created:');
      expect(error.message).toMatch(/ C:.*createdInHere/);
      expect(error.message).toContain(' I: First Invoker was:');
      expect(error.message).toMatch(new RegExp(` I:.*${fireFirst.name}`));
    },
  );

  it('leaves the stacks out when debugging is off', () => {
    // upstream: twisted/test/test_defer.py AlreadyCalledTests.testNoDebugging
    setDebugging(false);
    const d = createdInHere();
    firstCallback(d);
    const error = secondFiring(d, 'callback');
    expect(error.message).not.toContain('C:');
    expect(error.message).not.toContain('I:');
  });
});
