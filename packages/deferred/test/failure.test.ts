// Deferreds — the semantic tests of Failure: wrapping anything thrown, check/trap, messages,
// re-raising, and the captured stack. Contract: BEHAVIOURS.md 5, 6 and 8.
// Lineage: twisted/test/test_failure.py (FailureTests). Read next: clock.test.ts.
import { describe, expect, it } from 'vitest';
import { CancelledError, Failure, setDebugging, TimeoutError } from '../src/index.js';

class AppError extends Error {
  override readonly name = 'AppError';
}
class SubAppError extends AppError {}

describe('Failure', () => {
  it('wraps anything thrown and exposes it as value, with its class as type', () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_failAndTrap (value/type)
    const error = new AppError('x');
    expect(new Failure(error).value).toBe(error);
    expect(new Failure(error).type).toBe(AppError);
    expect(new Failure('text').type).toBe(String);
    expect(new Failure(7).value).toBe(7);
    expect(new Failure(undefined).type).toBeUndefined();
  });

  it('Failure.from returns a Failure unchanged and wraps anything else', () => {
    // upstream: twisted/internet/defer.py Deferred.errback "if not isinstance(fail, Failure): fail = Failure(fail)"
    const f = new Failure(new Error('a'));
    expect(Failure.from(f)).toBe(f);
    expect(Failure.from('b').value).toBe('b');
  });
});

describe('check()', () => {
  it('returns the first matching type, matching subclasses, or null', () => {
    // upstream: twisted/python/failure.py Failure.check; cf. twisted/test/test_failure.py FailureTests.test_failAndTrap
    const f = new Failure(new SubAppError('sub'));
    expect(f.check(TimeoutError, AppError)).toBe(AppError);
    expect(f.check(SubAppError, AppError)).toBe(SubAppError);
    expect(f.check(TimeoutError, CancelledError)).toBeNull();
  });

  it('matches a class name given as a string', () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_failAndTrap; twisted/python/failure.py Failure.check (names as strings)
    const f = new Failure(new SubAppError('sub'));
    expect(f.check('AppError')).toBe('AppError');
    expect(f.check('Error')).toBe('Error');
    expect(f.check('TypeError')).toBeNull();
  });

  it('never matches a thrown null or undefined', () => {
    // upstream: none (JavaScript can throw null/undefined)
    expect(new Failure(null).check(Error, 'Error')).toBeNull();
  });
});

describe('trap()', () => {
  it('returns the matching type', () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_failAndTrap
    expect(new Failure(new CancelledError()).trap(TimeoutError, CancelledError)).toBe(
      CancelledError,
    );
  });

  it('re-throws the same error when nothing matches', () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_trapRaisesWrappedException
    const error = new AppError('kept');
    let thrown: unknown;
    try {
      new Failure(error).trap(CancelledError);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(error);
  });
});

describe('raiseException()', () => {
  it('throws the wrapped value, not the Failure', () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_RaiseExceptionWithTB
    const error = new AppError('raised');
    expect(() => new Failure(error).raiseException()).toThrow(error);
  });
});

describe('getErrorMessage()', () => {
  it("gives an Error's message and any other value as a string", () => {
    // upstream: twisted/python/failure.py Failure.getErrorMessage
    expect(new Failure(new AppError('the message')).getErrorMessage()).toBe('the message');
    expect(new Failure('plain').getErrorMessage()).toBe('plain');
    expect(new Failure(42).getErrorMessage()).toBe('42');
    expect(new Failure(new Failure(new Error('inner'))).getErrorMessage()).toBe('inner');
  });
});

describe('getTraceback() and cleanFailure()', () => {
  it("keeps the Error's stack as text, captured by cleanFailure", () => {
    // upstream: twisted/test/test_failure.py FailureTests.test_cleanFailureRemovesTracebackInPython3 (frames dropped, text kept)
    const error = new AppError('with stack');
    const f = new Failure(error);
    f.cleanFailure();
    expect(f.getTraceback()).toBe(error.stack);
    expect(f.getTraceback()).toContain('failure.test.ts');
  });

  it('describes a thrown non-Error by type and message', () => {
    // upstream: none (JavaScript throws values that are not Errors, with no stack); cf. twisted/python/failure.py Failure.getTraceback
    expect(new Failure('oops').getTraceback()).toBe('String: oops');
    expect(String(new Failure('oops'))).toBe('[Failure instance: String: oops]');
  });

  it('records where a thrown non-Error was wrapped when debugging', () => {
    // upstream: twisted/python/failure.py Failure.__init__ (captures the stack it was made in)
    setDebugging(true);
    try {
      expect(new Failure('oops').getTraceback()).toContain('failure.test.ts');
    } finally {
      setDebugging(false);
    }
  });
});
