/**
 * Conformance suite, T1 `fetchPage` (comparisons/SPEC.md): every numbered point,
 * run over every registered model through the neutral contract. Each test is
 * declared with `run()`, which leak-checks it (T1.10) and applies known issues.
 * Read fetch-all.test.ts next.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import {
  fixtureBytes,
  type HttpFixture,
  SLOW_BODY_BYTES,
  startHttpFixture,
} from '../src/fixtures/index.js';
import { models } from '../src/models/index.js';
import { expectCode, PROMPT_MS, since } from './support/expect.js';
import { expectNoLeaks, snapshotResources } from './support/leaks.js';
import { freePort, startScriptedHttp } from './support/net.js';
import { run } from './support/run.js';

let http: HttpFixture;
beforeAll(async () => {
  http = await startHttpFixture();
});
afterAll(() => http.close());
beforeEach(() => http.resetStats());

/** Byte-for-byte equality with the fixture's deterministic bytes. */
function expectFixtureBody(body: Uint8Array, n: number): void {
  expect(body).toBeInstanceOf(Uint8Array);
  expect(body.length).toBe(n);
  expect(Buffer.from(body).equals(Buffer.from(fixtureBytes(n)))).toBe(true);
}

describe.each(models)('fetchPage() — $name', (model) => {
  const fetch = (path: string, o?: Parameters<typeof model.fetchPage>[1]) =>
    model.fetchPage(`${http.url}${path}`, o);

  // T1.1 ---------------------------------------------------------------------
  run(model, 'T1.1', 'sends a GET over HTTP/1.1', async (t) => {
    const server = await startScriptedHttp(
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
    );
    t.defer(() => server.close());
    await model.fetchPage(`${server.url}/some/path?q=1`).result;
    expect(server.requestLines).toEqual(['GET /some/path?q=1 HTTP/1.1']);
  });

  run(model, 'T1.1', 'opens a fresh connection for every request and closes it', async (t) => {
    // A keep-alive server: it never closes, so a pooled connection would be reused or left open.
    const server = await startScriptedHttp('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', {
      keepAlive: true,
    });
    t.defer(() => server.close());
    for (let i = 0; i < 3; i++) {
      expect(
        Buffer.from((await model.fetchPage(`${server.url}/${i}`).result).body).toString(),
      ).toBe('ok');
    }
    expect(server.requestLines).toEqual(['GET /0 HTTP/1.1', 'GET /1 HTTP/1.1', 'GET /2 HTTP/1.1']);
    expect(server.connections()).toBe(3);
    // run() then checks that no connection is left open on either side.
  });

  // T1.2 ---------------------------------------------------------------------
  run(
    model,
    'T1.2',
    'resolves with status, statusText, httpVersion, headers and body',
    async () => {
      const page = await fetch('/bytes/1000').result;
      expect(page.status).toBe(200);
      expect(page.statusText).toBe('OK');
      expect(page.httpVersion).toBe('1.1');
      expect(page.headers['content-length']).toEqual(['1000']);
      expect(page.headers['content-type']).toEqual(['application/octet-stream']);
      expectFixtureBody(page.body, 1000);
    },
  );

  run(
    model,
    'T1.2',
    'lower-cases header names and lists every value, repeats in arrival order',
    async () => {
      const page = await fetch('/headers').result;
      expect(page.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      expect(page.headers['x-repeat']).toEqual(['one', 'two', 'three']);
      expect(page.headers.connection).toEqual(['close']);
      for (const [name, values] of Object.entries(page.headers)) {
        expect(name).toBe(name.toLowerCase());
        expect(Array.isArray(values), `${name} is a list`).toBe(true);
        for (const v of values) expect(typeof v).toBe('string');
      }
    },
  );

  // T1.3 ---------------------------------------------------------------------
  run(model, 'T1.3', 'resolves 404 and 500 as Pages, not errors', async () => {
    const [notFound, failed] = [
      await fetch('/status/404').result,
      await fetch('/status/500').result,
    ];
    expect(notFound.status).toBe(404);
    expect(notFound.statusText).toBe('Not Found');
    expect(Buffer.from(notFound.body).toString()).toBe('404 Not Found\n');
    expect(failed.status).toBe(500);
    expect(failed.statusText).toBe('Internal Server Error');
  });

  run(model, 'T1.3', 'does not follow a redirect', async (t) => {
    const server = await startScriptedHttp(
      `HTTP/1.1 301 Moved Permanently\r\nLocation: ${http.url}/bytes/5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    t.defer(() => server.close());
    const page = await model.fetchPage(`${server.url}/old`).result;
    expect(page.status).toBe(301);
    expect(page.headers.location).toEqual([`${http.url}/bytes/5`]);
    expect(server.requestLines).toHaveLength(1);
    expect(http.stats().requests).toEqual([]);
  });

  // T1.4 ---------------------------------------------------------------------
  run(model, 'T1.4', 'reads a body framed by Content-Length', async () => {
    expectFixtureBody((await fetch('/bytes/100000').result).body, 100_000);
  });

  run(model, 'T1.4', 'reads a chunked body', async () => {
    const page = await fetch('/chunked/100000').result;
    expect(page.headers['transfer-encoding']).toEqual(['chunked']);
    expectFixtureBody(page.body, 100_000);
  });

  run(model, 'T1.4', 'reads a body delimited by the connection closing', async () => {
    const page = await fetch('/close-delimited/100000').result;
    expect(page.headers['content-length']).toBeUndefined();
    expectFixtureBody(page.body, 100_000);
  });

  run(model, 'T1.4', 'gives a zero-length body for 204, 304 and Content-Length 0', async () => {
    for (const path of ['/status/204', '/status/304', '/bytes/0']) {
      const page = await fetch(path).result;
      expect(page.body, path).toBeInstanceOf(Uint8Array);
      expect(page.body.length, path).toBe(0);
    }
  });

  // T1.5 ---------------------------------------------------------------------
  run(model, 'T1.5', 'accepts a body exactly at maxBodyBytes, however it is framed', async () => {
    for (const route of ['bytes', 'chunked', 'close-delimited']) {
      expectFixtureBody((await fetch(`/${route}/1000`, { maxBodyBytes: 1000 }).result).body, 1000);
    }
  });

  run(
    model,
    'T1.5',
    'fails with ETOOLARGE when the body passes maxBodyBytes, however it is framed',
    async () => {
      for (const route of ['bytes', 'chunked', 'close-delimited']) {
        await expectCode(fetch(`/${route}/1001`, { maxBodyBytes: 1000 }).result, 'ETOOLARGE');
      }
    },
  );

  run(
    model,
    'T1.5',
    'fails with ETOOLARGE as soon as a Content-Length over the limit arrives',
    async () => {
      // /slow-body announces SLOW_BODY_BYTES and sends half of them now, the rest after 3 s.
      const start = performance.now();
      await expectCode(
        fetch('/slow-body/3000', { maxBodyBytes: SLOW_BODY_BYTES - 1 }).result,
        'ETOOLARGE',
      );
      expect(since(start)).toBeLessThan(1500);
      await http.waitFor((s) => s.closedByClient === 1, PROMPT_MS);
    },
  );

  run(
    model,
    'T1.5',
    'destroys the socket at once when a streamed body passes the limit',
    async () => {
      // 16 MiB that the fixture is still writing when the client gives up after 64 KiB.
      await expectCode(fetch('/chunked/16777216', { maxBodyBytes: 65536 }).result, 'ETOOLARGE');
      await http.waitFor((s) => s.closedByClient === 1, PROMPT_MS);
    },
  );

  // T1.6 ---------------------------------------------------------------------
  run(model, 'T1.6', 'fails with ETIMEDOUT when no response comes before timeoutMs', async () => {
    const start = performance.now();
    await expectCode(fetch('/hang', { timeoutMs: 150 }).result, 'ETIMEDOUT');
    expect(since(start)).toBeGreaterThanOrEqual(140);
    await http.waitFor((s) => s.closedByClient === 1, PROMPT_MS);
  });

  run(model, 'T1.6', 'counts the body against the same deadline as the headers', async () => {
    const start = performance.now();
    await expectCode(fetch('/slow-body/3000', { timeoutMs: 300 }).result, 'ETIMEDOUT');
    expect(since(start)).toBeLessThan(2000);
    await http.waitFor((s) => s.closedByClient === 1, PROMPT_MS);
  });

  run(model, 'T1.6', 'resolves normally within timeoutMs and leaves no timer behind', async () => {
    const page = await fetch('/delay/20', { timeoutMs: 10_000 }).result;
    expect(page.status).toBe(200);
    // run() then checks that the 10 s deadline's timer (if ref'd) is gone.
  });

  // T1.7 ---------------------------------------------------------------------
  run(model, 'T1.7', 'sends the given headers with the request', async () => {
    const page = await fetch('/echo-headers', {
      headers: { 'X-Rosetta': 'yes', 'x-second': 'two words' },
    }).result;
    const seen = JSON.parse(Buffer.from(page.body).toString()) as Record<string, string>;
    expect(seen['x-rosetta']).toBe('yes');
    expect(seen['x-second']).toBe('two words');
    expect(seen.host).toBe(`127.0.0.1:${http.port}`);
  });

  // T1.8 ---------------------------------------------------------------------
  run(
    model,
    'T1.8',
    'rejects with ECANCELLED when cancelled before the connection is up',
    async () => {
      const task = fetch('/bytes/10');
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      // A marker request, not a quiet window: a request the cancelled task had sent
      // would be on the wire before the marker's.
      await fetch('/bytes/1').result;
      expect(http.stats().requests).toEqual(['/bytes/1']);
    },
  );

  run(
    model,
    'T1.8',
    'rejects with ECANCELLED and closes the socket promptly while awaiting headers',
    async () => {
      const task = fetch('/hang');
      await http.waitFor((s) => s.requests.length === 1);
      const cancelledAt = performance.now();
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      await http.waitFor((s) => s.closedByClient === 1, PROMPT_MS);
      expect(since(cancelledAt)).toBeLessThan(PROMPT_MS);
    },
  );

  run(
    model,
    'T1.8',
    'rejects with ECANCELLED and closes the socket promptly mid-body',
    async () => {
      const task = fetch('/slow-body/5000');
      await http.waitFor((s) => s.requests.length === 1);
      await sleep(50); // the headers and half the body are in
      const cancelledAt = performance.now();
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      await http.waitFor((s) => s.closedByClient === 1, PROMPT_MS);
      expect(since(cancelledAt)).toBeLessThan(PROMPT_MS);
    },
  );

  run(model, 'T1.8', 'ignores a cancel after the result is in', async () => {
    const task = fetch('/bytes/10');
    const page = await task.result;
    task.cancel();
    expect(page.status).toBe(200);
    await expect(task.result).resolves.toBe(page);
  });

  // T1.9 ---------------------------------------------------------------------
  run(model, 'T1.9', 'fails with ECONNRESET when the server resets mid-body', async () => {
    await expectCode(fetch('/reset-after/1000').result, 'ECONNRESET');
  });

  run(model, 'T1.9', 'fails with ECONNRESET when the server closes mid-body', async () => {
    await expectCode(fetch('/close-after/1000').result, 'ECONNRESET');
  });

  run(model, 'T1.9', 'fails with ECONNREFUSED when nothing listens', async () => {
    await expectCode(
      model.fetchPage(`http://127.0.0.1:${await freePort()}/`).result,
      'ECONNREFUSED',
    );
  });

  run(model, 'T1.9', 'fails with EPROTO on a malformed status line', async () => {
    await expectCode(fetch('/malformed/status').result, 'EPROTO');
  });

  run(model, 'T1.9', 'fails with EPROTO on a malformed chunk', async () => {
    await expectCode(fetch('/malformed/chunk').result, 'EPROTO');
  });

  run(model, 'T1.9', 'fails with ETOOLARGE on a header block over 16 KiB', async () => {
    await expectCode(fetch('/huge-headers').result, 'ETOOLARGE');
  });

  // T1.10 --------------------------------------------------------------------
  run(
    model,
    'T1.10',
    'leaves no socket or timer after success, failure, timeout and cancel',
    async () => {
      const before = snapshotResources();
      await fetch('/bytes/10', { timeoutMs: 10_000 }).result;
      await expectNoLeaks(before);
      await expectCode(fetch('/reset-after/10', { timeoutMs: 10_000 }).result, 'ECONNRESET');
      await expectNoLeaks(before);
      await expectCode(fetch('/hang', { timeoutMs: 50 }).result, 'ETIMEDOUT');
      await expectNoLeaks(before);
      const task = fetch('/hang', { timeoutMs: 10_000 });
      await http.waitFor((s) => s.requests.length === 4);
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      await expectNoLeaks(before);
    },
  );
});
