/**
 * Conformance suite, the error vocabulary (comparisons/SPEC.md "Error
 * vocabulary"): every failure is an Error carrying a `code` from the shared
 * list, a bad argument arrives through the result and never as a synchronous
 * throw, and Node's own codes pass through unchanged — run over every registered
 * model. The per-point tests check which code each failure gets; these check
 * the shape of every failure at once. Read support/run.ts for the machinery.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { type HttpFixture, startHttpFixture } from '../src/fixtures/index.js';
import type { Cancellable } from '../src/models/contract.js';
import { models } from '../src/models/index.js';
import { expectCode, VOCABULARY } from './support/expect.js';
import { freePort } from './support/net.js';
import { run } from './support/run.js';

let http: HttpFixture;
beforeAll(async () => {
  http = await startHttpFixture();
});
afterAll(() => http.close());
beforeEach(() => http.resetStats());

describe.each(models)('error vocabulary — $name', (model) => {
  run(
    model,
    'ERR',
    'every failure is an Error with a name, a message and a code from the vocabulary',
    async () => {
      const refused = await freePort();
      const cancelled = model.fetchPage(`${http.url}/hang`);
      cancelled.cancel();
      const failures: [string, Promise<unknown>][] = [
        ['ECONNREFUSED', model.fetchPage(`http://127.0.0.1:${refused}/`).result],
        ['ECONNRESET', model.fetchPage(`${http.url}/reset-after/10`).result],
        ['ETIMEDOUT', model.fetchPage(`${http.url}/hang`, { timeoutMs: 50 }).result],
        ['ECANCELLED', cancelled.result],
        ['ETOOLARGE', model.fetchPage(`${http.url}/bytes/100`, { maxBodyBytes: 10 }).result],
        ['EPROTO', model.fetchPage(`${http.url}/malformed/chunk`).result],
        ['EINVAL', model.fetchPage('not a url').result],
      ];
      expect(failures.map(([code]) => code).sort()).toEqual([...VOCABULARY].sort());
      const errors = await Promise.all(failures.map(([code, result]) => expectCode(result, code)));
      for (const error of errors) {
        expect(typeof error.name).toBe('string');
        expect(error.name.length, `${error.code} has a name`).toBeGreaterThan(0);
        expect(error.message.length, `${error.code} has a message`).toBeGreaterThan(0);
      }
    },
  );

  run(model, 'ERR', 'reports a bad argument through the result, never by throwing', async () => {
    const echoPort = await freePort();
    const calls: [string, () => Cancellable<unknown>][] = [
      ['an unparsable URL', () => model.fetchPage('http://[::1')],
      ['a relative URL', () => model.fetchPage('/bytes/10')],
      ['an ftp: URL', () => model.fetchPage('ftp://127.0.0.1/file')],
      ['a bad URL among good ones', () => model.fetchAll([`${http.url}/bytes/1`, 'mailto:x@y'])],
      ['a concurrency of 0', () => model.fetchAll([`${http.url}/bytes/1`], { concurrency: 0 })],
      [
        'a negative message count',
        () => model.echoClient({ port: echoPort, messages: -1, size: 1 }),
      ],
      ['a zero size', () => model.echoClient({ port: echoPort, messages: 1, size: 0 })],
    ];
    for (const [what, call] of calls) {
      let task: Cancellable<unknown> | undefined;
      expect(() => {
        task = call();
      }, what).not.toThrow();
      await expectCode(task!.result, 'EINVAL');
    }
  });

  run(model, 'ERR', 'passes Node’s own codes through unchanged (EADDRINUSE)', async (t) => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    t.defer(async () => {
      taken.close();
      await once(taken, 'close');
    });
    const { port } = taken.address() as { port: number };
    await expectCode(model.serveEcho({ port }), 'EADDRINUSE');
  });
});
