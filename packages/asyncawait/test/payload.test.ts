/**
 * async/await model — the echo client's payloads (src/payload.ts) and argument
 * checks (src/validate.ts). Read ../README.md for the whole model.
 */
import { describe, expect, it } from 'vitest';
import { payload } from '../src/payload.js';
import { checkInteger, checkMs, httpUrl } from '../src/validate.js';

describe('payload()', () => {
  it('is the same bytes on every call', () => {
    expect(payload(2, 5, 1000).equals(payload(2, 5, 1000))).toBe(true);
  });

  it('differs between messages and between connections', () => {
    const seen = new Set<string>();
    for (let c = 0; c < 10; c++)
      for (let m = 0; m < 100; m++) seen.add(payload(c, m, 16).toString('hex'));
    expect(seen.size).toBe(1000);
  });

  it('covers every byte value', () => {
    expect(new Set(payload(0, 0, 8192)).size).toBe(256);
  });
});

describe('argument checks', () => {
  it('httpUrl accepts http: and https: and rejects anything else with EINVAL', () => {
    expect(httpUrl('http://127.0.0.1:8080/x').port).toBe('8080');
    expect(httpUrl('https://example.org/').protocol).toBe('https:');
    for (const bad of ['not a url', '/relative', 'ftp://127.0.0.1/', 'http://[::1']) {
      expect(() => httpUrl(bad), bad).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    }
  });

  it('checkInteger rejects non-integers and values out of range with EINVAL', () => {
    expect(() => checkInteger('n', 3, 1)).not.toThrow();
    for (const bad of [0, -1, 1.5, Number.NaN, '2', undefined]) {
      expect(() => checkInteger('n', bad, 1), String(bad)).toThrow(
        expect.objectContaining({ code: 'EINVAL' }),
      );
    }
  });

  it('checkMs accepts absence or a finite number ≥ 0', () => {
    expect(() => checkMs('t', undefined)).not.toThrow();
    expect(() => checkMs('t', 0)).not.toThrow();
    for (const bad of [-1, Number.POSITIVE_INFINITY, '5']) {
      expect(() => checkMs('t', bad), String(bad)).toThrow(
        expect.objectContaining({ code: 'EINVAL' }),
      );
    }
  });
});
