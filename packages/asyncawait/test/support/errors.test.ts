/**
 * async/await model — the error mapping (src/tasks/support/errors.ts): Node's parser codes onto
 * the shared vocabulary, a fired signal onto ECANCELLED or ETIMEDOUT, and
 * everything else through unchanged. Read deadline.test.ts next.
 */

import { TaskError } from '@async-rosetta/task-spec';
import { describe, expect, it } from 'vitest';
import {
  abortError,
  CancelledError,
  TimeoutError,
  toTaskError,
} from '../../src/tasks/support/errors.js';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('toTaskError()', () => {
  it('maps an HTTP parser error (HPE_*) to EPROTO, keeping it as the cause', () => {
    const parse = coded('HPE_INVALID_CHUNK_SIZE');
    const mapped = toTaskError(parse) as TaskError;
    expect(mapped).toBeInstanceOf(TaskError);
    expect(mapped.code).toBe('EPROTO');
    expect(mapped.cause).toBe(parse);
  });

  it('maps HPE_HEADER_OVERFLOW to ETOOLARGE', () => {
    expect(toTaskError(coded('HPE_HEADER_OVERFLOW'))).toMatchObject({ code: 'ETOOLARGE' });
  });

  it("passes Node's own codes through as the very same error", () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EADDRINUSE']) {
      const err = coded(code);
      expect(toTaskError(err)).toBe(err);
    }
  });

  it('passes a TaskError through unchanged', () => {
    const err = new TaskError('EINVAL', 'bad');
    expect(toTaskError(err)).toBe(err);
  });

  it('reports the abort, not the socket error it caused, once the signal fired', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toTaskError(coded('ECONNRESET'), controller.signal)).toMatchObject({
      name: 'CancelledError',
      code: 'ECANCELLED',
    });
  });

  it('reports ETIMEDOUT for a signal fired by AbortSignal.timeout', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(toTaskError(coded('ECONNRESET'), signal)).toMatchObject({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    });
  });

  it('ignores a signal that has not fired', () => {
    const err = coded('ECONNRESET');
    expect(toTaskError(err, new AbortController().signal)).toBe(err);
  });
});

describe('error classes', () => {
  it('set name and code', () => {
    expect(new CancelledError()).toMatchObject({ name: 'CancelledError', code: 'ECANCELLED' });
    expect(new TimeoutError()).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    expect(new TaskError('EPROTO', 'x')).toMatchObject({
      name: 'TaskError',
      code: 'EPROTO',
      message: 'x',
    });
    expect(new CancelledError()).toBeInstanceOf(Error);
  });

  it("abortError passes a TaskError reason (the deadline's own TimeoutError) through as it is", () => {
    const reason = new TimeoutError('deadline of 5 ms passed');
    expect(abortError(reason)).toBe(reason);
  });

  it('abortError keeps the reason as the cause', () => {
    const reason = new Error('stop');
    expect(abortError(reason)).toMatchObject({ code: 'ECANCELLED', cause: reason });
  });
});
