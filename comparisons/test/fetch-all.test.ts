/**
 * Conformance suite, T2 `fetchAll` (comparisons/SPEC.md): order, the concurrency
 * limit, fail-fast, cancelling the whole, and per-request options, run over every
 * registered model. Concurrency is read from the HTTP fixture (requests seen,
 * connections open, peakOpen) during the first wave of slow /delay requests, when
 * no earlier connection can still be closing. Read echo-server.test.ts next.
 */
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { fixtureBytes, type HttpFixture, startHttpFixture } from '../src/fixtures/index.js';
import { models } from '../src/models/index.js';
import { expectCode, PROMPT_MS, since } from './support/expect.js';
import { run } from './support/run.js';

let http: HttpFixture;
beforeAll(async () => {
  http = await startHttpFixture();
});
afterAll(() => http.close());
beforeEach(() => http.resetStats());

const MARKER = '/bytes/1';

describe.each(models)('fetchAll() — $name', (model) => {
  const urls = (...paths: string[]) => paths.map((p) => `${http.url}${p}`);

  /**
   * "Nothing else started" is checked with a marker, not a quiet window: one more request,
   * made after the fact. The fixture accepts connections in the order they were opened,
   * so by the time the marker is answered any connection the task had opened before it
   * has been counted.
   */
  const marker = () => model.fetchPage(`${http.url}${MARKER}`).result;

  /**
   * Checks that the first wave is exactly `limit` wide, with no quiet window: 2 × `limit`
   * requests to /hang, which never answers, so nothing finishes and nothing else may
   * start; a marker then shows every connection the task had opened. Then 2 × `limit`
   * slow requests that answer, which take two waves.
   */
  async function checkLimit(limit: number, concurrency: number | undefined): Promise<void> {
    const options = concurrency === undefined ? {} : { concurrency };
    const held = model.fetchAll(urls(...Array<string>(2 * limit).fill('/hang')), options);
    await http.waitFor((s) => s.requests.length >= limit);
    await marker();
    const wave = http.stats();
    expect(wave.accepted - 1, 'connections opened while none had finished').toBe(limit);
    expect(wave.requests.filter((p) => p === '/hang')).toHaveLength(limit);
    held.cancel();
    await expectCode(held.result, 'ECANCELLED');

    const delayMs = 400;
    const start = performance.now();
    const task = model.fetchAll(
      urls(...Array.from({ length: 2 * limit }, () => `/delay/${delayMs}`)),
      options,
    );
    const pages = await task.result;
    expect(pages.map((p) => p.status)).toEqual(Array(2 * limit).fill(200));
    expect(since(start), 'two waves').toBeGreaterThanOrEqual(2 * delayMs - 20);
  }

  // T2.1 ---------------------------------------------------------------------
  run(
    model,
    'T2.1',
    'resolves with the Pages in input order, whatever order they finish in',
    async () => {
      const pages = await model.fetchAll(
        urls('/delay/200', '/bytes/3', '/delay/20', '/status/404', '/chunked/7'),
        {
          concurrency: 5,
        },
      ).result;
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 404, 200]);
      expect(Buffer.from(pages[0]!.body).toString()).toBe('delayed 200 ms\n');
      expect(Buffer.from(pages[1]!.body).equals(Buffer.from(fixtureBytes(3)))).toBe(true);
      expect(Buffer.from(pages[2]!.body).toString()).toBe('delayed 20 ms\n');
      expect(Buffer.from(pages[4]!.body).equals(Buffer.from(fixtureBytes(7)))).toBe(true);
    },
  );

  run(model, 'T2.1', 'resolves with [] for no URLs, without a connection', async () => {
    expect(await model.fetchAll([]).result).toEqual([]);
    expect(http.stats().accepted).toBe(0);
  });

  // T2.2 ---------------------------------------------------------------------
  run(model, 'T2.2', 'keeps at most `concurrency` requests in flight', async () => {
    await checkLimit(3, 3);
  });

  run(model, 'T2.2', 'keeps at most 8 requests in flight by default', async () => {
    await checkLimit(8, undefined);
  });

  run(
    model,
    'T2.2',
    'fails with EINVAL, before any request, for a concurrency that is not an integer ≥ 1',
    async () => {
      for (const concurrency of [0, -1, 2.5, Number.NaN]) {
        await expectCode(model.fetchAll(urls('/bytes/1'), { concurrency }).result, 'EINVAL');
      }
      await marker();
      expect(http.stats().accepted, 'connections besides the marker').toBe(1);
    },
  );

  // T2.3 ---------------------------------------------------------------------
  run(
    model,
    'T2.3',
    'fails fast with the first failure, cancels the requests in flight, never starts the queued',
    async () => {
      const task = model.fetchAll(
        urls('/hang', '/hang', '/reset-after/10', '/bytes/101', '/bytes/102'),
        {
          concurrency: 3,
        },
      );
      await expectCode(task.result, 'ECONNRESET');
      // Both /hang connections closed by the client (the reset one was the server's doing).
      await http.waitFor((s) => s.closedByClient === 2, PROMPT_MS);
      await marker();
      expect(http.stats().accepted, 'connections besides the marker').toBe(4);
      expect([...http.stats().requests].sort()).toEqual(
        ['/hang', '/hang', '/reset-after/10', MARKER].sort(),
      );
    },
  );

  run(model, 'T2.3', 'keeps the failing request’s own code (EPROTO, ETOOLARGE)', async () => {
    await expectCode(
      model.fetchAll(urls('/delay/300', '/malformed/status', '/bytes/5')).result,
      'EPROTO',
    );
    await expectCode(
      model.fetchAll(urls('/delay/300', '/bytes/2000'), { maxBodyBytes: 1000 }).result,
      'ETOOLARGE',
    );
  });

  // T2.4 ---------------------------------------------------------------------
  run(
    model,
    'T2.4',
    'cancelling the whole cancels every request in flight; queued ones never start',
    async () => {
      const task = model.fetchAll(urls('/hang', '/hang', '/hang', '/bytes/201', '/bytes/202'), {
        concurrency: 3,
      });
      await http.waitFor((s) => s.requests.length === 3);
      const cancelledAt = performance.now();
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      await http.waitFor((s) => s.closedByClient === 3, PROMPT_MS);
      expect(since(cancelledAt)).toBeLessThan(PROMPT_MS);
      await marker();
      expect(http.stats().accepted, 'connections besides the marker').toBe(4);
      expect(http.stats().requests).toEqual(['/hang', '/hang', '/hang', MARKER]);
    },
  );

  // T2.5 ---------------------------------------------------------------------
  run(model, 'T2.5', 'applies timeoutMs to each request, not to the whole', async () => {
    // Three 250 ms requests one after another: 750 ms in all, each well within 600 ms.
    const pages = await model.fetchAll(urls('/delay/250', '/delay/250', '/delay/250'), {
      concurrency: 1,
      timeoutMs: 600,
    }).result;
    expect(pages).toHaveLength(3);
    await expectCode(
      model.fetchAll(urls('/delay/10', '/hang'), { timeoutMs: 200 }).result,
      'ETIMEDOUT',
    );
  });

  run(model, 'T2.5', 'applies maxBodyBytes to each request', async () => {
    const pages = await model.fetchAll(urls('/bytes/1000', '/chunked/1000'), { maxBodyBytes: 1000 })
      .result;
    expect(pages.map((p) => p.body.length)).toEqual([1000, 1000]);
    await expectCode(
      model.fetchAll(urls('/bytes/10', '/chunked/1001'), { maxBodyBytes: 1000 }).result,
      'ETOOLARGE',
    );
  });

  run(model, 'T2.5', 'sends the headers with each request', async () => {
    const pages = await model.fetchAll(urls('/echo-headers', '/echo-headers'), {
      headers: { 'x-rosetta': 'all' },
    }).result;
    for (const page of pages) {
      expect(
        (JSON.parse(Buffer.from(page.body).toString()) as Record<string, string>)['x-rosetta'],
      ).toBe('all');
    }
  });
});
