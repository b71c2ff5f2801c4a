/**
 * async/await model — the deadline as a signal (src/tasks/support/deadline.ts): it aborts
 * with ETIMEDOUT when its time has passed, however far that is (Node's timers stop at
 * MAX_TIMER_MS, so it re-arms), with the caller's reason on a cancel, and never after
 * clear(). Fake timers: no wall-clock window decides. Read ../readme.test.ts next.
 */
import { deadlineMessage, MAX_TIMER_MS } from '@async-rosetta/task-spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../src/tasks/support/deadline.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Deadline', () => {
  it('never aborts without a timeout (undefined or Infinity)', async () => {
    // upstream: Lib/test/test_asyncio/test_timeouts.py TimeoutTests.test_timeout_disabled
    for (const timeoutMs of [undefined, Number.POSITIVE_INFINITY]) {
      const deadline = new Deadline(timeoutMs);
      await vi.advanceTimersByTimeAsync(4 * MAX_TIMER_MS);
      expect(deadline.signal.aborted).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('aborts with ETIMEDOUT and task-spec’s message once timeoutMs has passed', async () => {
    // upstream: Lib/test/test_asyncio/test_timeouts.py TimeoutTests.test_timeout_basic
    const deadline = new Deadline(50);
    await vi.advanceTimersByTimeAsync(49);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(deadline.signal.reason).toMatchObject({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      message: deadlineMessage(50),
    });
  });

  it.each([2 ** 31, 2 ** 32 + 5, 3 * MAX_TIMER_MS + 7])(
    'honours a far deadline of %d ms: re-armed past Node’s limit, neither cut short nor lost',
    async (timeoutMs) => {
      // upstream: none; SPEC.md "Arguments" (far deadlines are honoured). Node's setTimeout
      // (and AbortSignal.timeout) would turn this delay into 1 ms; fake timers do the same.
      const deadline = new Deadline(timeoutMs);
      await vi.advanceTimersByTimeAsync(timeoutMs - 1);
      expect(deadline.signal.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(deadline.signal.reason).toMatchObject({ code: 'ETIMEDOUT' });
    },
  );

  it('aborts with the caller’s reason when the caller cancels first', () => {
    // upstream: none; Node's AbortSignal.any (the first signal to abort gives the reason)
    const caller = new AbortController();
    const deadline = new Deadline(60_000, caller.signal);
    caller.abort(new Error('stop'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toMatchObject({ message: 'stop' });
    deadline.clear();
  });

  it('leaves no timer and never aborts after clear()', async () => {
    // upstream: Lib/test/test_asyncio/test_timeouts.py TimeoutTests.test_timeout_not_called
    const deadline = new Deadline(2 ** 31);
    expect(vi.getTimerCount()).toBe(1);
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2 ** 32);
    expect(deadline.signal.aborted).toBe(false);
  });
});
