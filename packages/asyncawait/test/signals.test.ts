/**
 * async/await model — deadlines as signals (src/signals.ts). Read task-group.test.ts next.
 */
import { describe, expect, it } from 'vitest';
import { withDeadline } from '../src/signals.js';

const fired = (signal: AbortSignal) =>
  new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));

describe('withDeadline()', () => {
  it('returns the caller’s signal (or none) when there is no timeout', () => {
    const signal = new AbortController().signal;
    expect(withDeadline(signal, undefined)).toBe(signal);
    expect(withDeadline(undefined, undefined)).toBeUndefined();
  });

  it('fires with a reason named TimeoutError when the timeout passes', async () => {
    const reason = await fired(withDeadline(undefined, 5)!);
    expect(reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('fires with the caller’s reason when the caller aborts first', async () => {
    const controller = new AbortController();
    const deadline = withDeadline(controller.signal, 60_000)!;
    controller.abort(new Error('stop'));
    expect(deadline.aborted).toBe(true);
    expect(deadline.reason).toMatchObject({ message: 'stop' });
  });
});
