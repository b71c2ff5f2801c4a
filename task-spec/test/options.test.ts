/**
 * The option domains of comparisons/SPEC.md ("Arguments"), as task-spec decides them once for
 * every model: each normaliser fills in the defaults, and answers a value outside its domain
 * with an EINVAL error value and one line — it never throws. Property-based (fast-check) over
 * the domain's edges. Read ../src/options.ts for the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BODY_BYTES,
  MAX_BYTES_IN_FLIGHT,
  MAX_CONNECTIONS,
  MAX_MESSAGE_SIZE,
  normalizeEchoClientOptions,
  normalizeEchoServerOptions,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
  payload,
  TaskError,
} from '../src/index.js';

/** Any JavaScript value a caller might pass where a number is wanted. */
const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1, 2 ** 31, 2 ** 53, 1e15, -0, Number.NaN, Infinity, -Infinity, 0.5),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
  fc.bigInt(),
  fc.array(fc.integer(), { maxLength: 2 }),
);

function isInteger(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function expectEinval(r: { error?: TaskError }): void {
  expect(r.error).toBeInstanceOf(TaskError);
  expect(r.error?.code).toBe('EINVAL');
  expect(r.error?.message).not.toContain('\n');
}

describe('normalizeFetchOptions', () => {
  it('fills in the defaults: no deadline, 64 MiB, no extra headers', () => {
    expect(normalizeFetchOptions('http://127.0.0.1:1/x')).toEqual({
      options: {
        url: 'http://127.0.0.1:1/x',
        timeoutMs: undefined,
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        headers: {},
      },
    });
  });

  it('accepts a timeout of any number >= 0, including far ones; Infinity and null mean none', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 53, noNaN: true }), (ms) => {
        expect(normalizeFetchOptions('http://h/', { timeoutMs: ms }).options?.timeoutMs).toBe(ms);
      }),
    );
    expect(normalizeFetchOptions('http://h/', { timeoutMs: Infinity }).options?.timeoutMs).toBe(
      undefined,
    );
    expect(normalizeFetchOptions('http://h/', { timeoutMs: null }).options?.timeoutMs).toBe(
      undefined,
    );
  });

  it('answers any other timeout or a non-integer maxBodyBytes with EINVAL, never a throw', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (timeoutMs, maxBodyBytes) => {
        const r = normalizeFetchOptions('http://h/', { timeoutMs, maxBodyBytes });
        const goodTimeout = timeoutMs === null || (typeof timeoutMs === 'number' && timeoutMs >= 0);
        const goodMax = isInteger(maxBodyBytes, 0, Number.MAX_SAFE_INTEGER);
        if (goodTimeout && goodMax) expect(r.error).toBeUndefined();
        else expectEinval(r);
      }),
    );
  });

  it.each([
    ['not a url'],
    ['localhost:8765'],
    ['ftp://127.0.0.1/f'],
    ['/relative'],
    ['http://[::1'],
    ['mailto:x@y'],
  ])('answers the URL %j with EINVAL', (url) => {
    expectEinval(normalizeFetchOptions(url));
  });

  it('rejects header names that are not tokens and values with CR or LF (no injection)', () => {
    expectEinval(normalizeFetchOptions('http://h/', { headers: { 'bad name': 'x' } }));
    expectEinval(normalizeFetchOptions('http://h/', { headers: { x: 'a\r\nInjected: 1' } }));
    expectEinval(normalizeFetchOptions('http://h/', { headers: { x: 5 } }));
    expect(
      normalizeFetchOptions('http://h/', { headers: { 'x-a': 'b' } }).options?.headers,
    ).toEqual({ 'x-a': 'b' });
  });

  it('turns a throwing getter on the options into EINVAL', () => {
    const options = {
      get timeoutMs(): number {
        throw new Error('boom');
      },
    };
    expectEinval(normalizeFetchOptions('http://h/', options));
  });
});

describe('normalizeFetchAllOptions', () => {
  it('checks every URL before any request: a bad one anywhere fails the whole, naming its index', () => {
    const r = normalizeFetchAllOptions(['http://a/', 'http://b/', 'http://c/', 'nope']);
    expectEinval(r);
    expect(r.error?.message).toContain('urls[3]');
  });

  it('concurrency: default 8; an integer >= 1, else EINVAL', () => {
    expect(normalizeFetchAllOptions([]).options?.concurrency).toBe(DEFAULT_CONCURRENCY);
    fc.assert(
      fc.property(anyValue, (concurrency) => {
        const r = normalizeFetchAllOptions([], { concurrency });
        if (isInteger(concurrency, 1, Number.MAX_SAFE_INTEGER))
          expect(r.options?.concurrency).toBe(concurrency);
        else expectEinval(r);
      }),
    );
  });
});

describe('normalizeEchoServerOptions', () => {
  it('fills in 127.0.0.1, port 0, 64 KiB and 1,000 ms', () => {
    expect(normalizeEchoServerOptions()).toEqual({
      options: {
        host: '127.0.0.1',
        port: 0,
        highWaterMark: DEFAULT_HIGH_WATER_MARK,
        graceMs: DEFAULT_GRACE_MS,
      },
    });
  });

  it('port is an integer 0–65535, highWaterMark 0–1 GiB, graceMs >= 0; anything else is EINVAL', () => {
    fc.assert(
      fc.property(anyValue, anyValue, anyValue, (port, highWaterMark, graceMs) => {
        const r = normalizeEchoServerOptions({ port, highWaterMark, graceMs });
        const good =
          isInteger(port, 0, 65_535) &&
          isInteger(highWaterMark, 0, 2 ** 30) &&
          typeof graceMs === 'number' &&
          graceMs >= 0;
        if (good) expect(r.error).toBeUndefined();
        else expectEinval(r);
      }),
    );
  });
});

describe('normalizeEchoClientOptions', () => {
  it('port 1–65535, messages >= 0, size 1–64 MiB, connections 1–10,000, their product <= 1 GiB', () => {
    fc.assert(
      fc.property(anyValue, anyValue, anyValue, anyValue, (port, messages, size, connections) => {
        const r = normalizeEchoClientOptions({ port, messages, size, connections });
        const good =
          isInteger(port, 1, 65_535) &&
          isInteger(messages, 0, Number.MAX_SAFE_INTEGER) &&
          isInteger(size, 1, MAX_MESSAGE_SIZE) &&
          isInteger(connections, 1, MAX_CONNECTIONS) &&
          (size as number) * (connections as number) <= MAX_BYTES_IN_FLIGHT;
        if (good) expect(r.error).toBeUndefined();
        else expectEinval(r);
      }),
    );
  });

  it('answers the sizes that would exhaust memory (2^40 bytes, 1e15 connections) with EINVAL', () => {
    expectEinval(normalizeEchoClientOptions({ port: 1, messages: 1, size: 2 ** 40 }));
    expectEinval(normalizeEchoClientOptions({ port: 1, messages: 1, size: 1, connections: 1e15 }));
    expectEinval(
      normalizeEchoClientOptions({ port: 1, messages: 1, size: MAX_MESSAGE_SIZE, connections: 17 }),
    );
    expectEinval(normalizeEchoClientOptions({ port: 70_000, messages: 1, size: 1 }));
    expectEinval(normalizeEchoClientOptions({ port: 0, messages: 1, size: 1 }));
  });
});

describe('payload', () => {
  it('is deterministic and differs between consecutive messages of a connection, for every size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 64 }),
        (c, m, size) => {
          expect(payload(c, m, size)).toEqual(payload(c, m, size));
          expect(payload(c, m, size)).not.toEqual(payload(c, m + 1, size));
        },
      ),
    );
  });

  it('covers every byte value 0x00–0xFF in a 4 KiB message', () => {
    expect(new Set(payload(3, 7, 4096)).size).toBe(256);
  });
});
