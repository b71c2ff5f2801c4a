/**
 * Conformance suite, "Arguments" (comparisons/SPEC.md): every model gives the same outcome for
 * the same options, valid or not. fast-check draws option values across each domain's edges
 * (negative, fractional, NaN, far deadlines, 2^40-byte messages, 1e15 connections, ports past
 * 65535, strings where numbers belong); the expected outcome comes from task-spec's own
 * normaliser, and every model must give it: EINVAL through its own channel for a bad value,
 * never a synchronous throw, never a hang, never an unhandled-error report, never a crash.
 * Read ../../task-spec/src/options.ts for the domains, support/run.ts for the machinery.
 */

import {
  normalizeEchoClientOptions,
  normalizeEchoServerOptions,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
} from '@async-rosetta/task-spec';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, vi } from 'vitest';
import {
  type EchoFixture,
  type HttpFixture,
  startEchoFixture,
  startHttpFixture,
} from '../src/fixtures/index.js';
import type { Cancellable } from '../src/models/contract.js';
import { models } from '../src/models/index.js';
import { run } from './support/run.js';

let http: HttpFixture;
let echo: EchoFixture;
beforeAll(async () => {
  http = await startHttpFixture();
  echo = await startEchoFixture();
});
afterAll(async () => {
  await http.close();
  await echo.close();
});
beforeEach(() => http.resetStats());

/** Values that are bad for every numeric option. */
const badNumber = fc.constantFrom<unknown>(-1, -0.5, Number.NaN, -Infinity, '5', true, [], {}, 10n);
/** Far deadlines must be honoured; these never pass during a test. */
const farTimeout = fc.constantFrom<unknown>(
  undefined,
  null,
  Infinity,
  60_000,
  2 ** 31,
  2 ** 32 + 5,
  2 ** 53,
);
const timeoutMs = fc.oneof(farTimeout, badNumber);
const maxBodyBytes = fc.oneof(
  fc.constantFrom<unknown>(undefined, 0, 9, 10, 64, 2 ** 53 - 1),
  badNumber,
  fc.constantFrom<unknown>(1.5, 2 ** 53, Infinity),
);

/** What the task gave: a result, or the code it failed with; 'THROWN' if it threw synchronously. */
async function outcome(start: () => Cancellable<unknown>): Promise<string> {
  let task: Cancellable<unknown>;
  try {
    task = start();
  } catch {
    return 'THROWN';
  }
  return task.result.then(
    () => 'ok',
    (err: unknown) => String((err as { code?: unknown } | null)?.code ?? `no code: ${String(err)}`),
  );
}

/** Runs `body` while watching for unhandled-error reports on stderr or console.error. */
async function quietly<T>(body: () => Promise<T>): Promise<T> {
  const reports: string[] = [];
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    reports.push(String(chunk));
    return true;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    reports.push(args.map(String).join(' '));
  });
  try {
    const value = await body();
    expect(reports, 'nothing reported as unhandled').toEqual([]);
    return value;
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

const RUNS = 40;

describe.each(models)('arguments — $name', (model) => {
  run(
    model,
    'ARG.1',
    'fetchPage: every timeoutMs and maxBodyBytes gets the outcome the domain decides',
    async () => {
      await fc.assert(
        fc.asyncProperty(timeoutMs, maxBodyBytes, async (t, max) => {
          const url = `${http.url}/bytes/10`;
          const o = { timeoutMs: t, maxBodyBytes: max } as never;
          const { error, options } = normalizeFetchOptions(url, o);
          const expected = error ? 'EINVAL' : options.maxBodyBytes < 10 ? 'ETOOLARGE' : 'ok';
          expect(await quietly(() => outcome(() => model.fetchPage(url, o)))).toBe(expected);
        }),
        { numRuns: RUNS },
      );
    },
  );

  run(
    model,
    'ARG.2',
    'fetchAll: a bad URL anywhere in the list, or a bad concurrency, fails before any request',
    async () => {
      const good = `${http.url}/bytes/1`;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 4 }),
          fc.constantFrom<unknown>(
            undefined,
            'ftp://127.0.0.1/',
            'localhost:8765',
            'not a url',
            42,
            'http://',
          ),
          fc.oneof(
            fc.constantFrom<unknown>(undefined, 1, 3, 2 ** 53 - 1),
            badNumber,
            fc.constantFrom<unknown>(0, 2.5),
          ),
          async (at, bad, concurrency) => {
            http.resetStats();
            const urls: unknown[] = [good, good, good, good];
            if (bad !== undefined) urls.splice(at, 0, bad);
            const o = { concurrency } as never;
            const expected = normalizeFetchAllOptions(urls, o).error ? 'EINVAL' : 'ok';
            expect(await quietly(() => outcome(() => model.fetchAll(urls as string[], o)))).toBe(
              expected,
            );
            if (expected === 'EINVAL')
              expect(http.stats().requests, 'no request was made').toEqual([]);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  run(
    model,
    'ARG.3',
    'serveEcho: every port, highWaterMark and graceMs gets the outcome the domain decides',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom<unknown>(undefined, 0),
            badNumber,
            fc.constantFrom<unknown>(70_000, 65_536, 1.5),
          ),
          fc.oneof(
            fc.constantFrom<unknown>(undefined, 0, 1, 65_536, 2 ** 30),
            badNumber,
            fc.constantFrom<unknown>(2 ** 31),
          ),
          fc.oneof(fc.constantFrom<unknown>(undefined, 0, 10, 2 ** 31, Infinity), badNumber),
          async (port, highWaterMark, graceMs) => {
            const o = { port, highWaterMark, graceMs } as never;
            const expected = normalizeEchoServerOptions(o).error ? 'EINVAL' : 'ok';
            const got = await quietly(async () => {
              let started: Promise<{ close(): Promise<unknown> }>;
              try {
                started = model.serveEcho(o);
              } catch {
                return 'THROWN';
              }
              return started.then(
                async (server) => {
                  await server.close();
                  return 'ok';
                },
                (err: unknown) => String((err as { code?: unknown }).code),
              );
            });
            expect(got).toBe(expected);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  run(
    model,
    'ARG.4',
    'echoClient: every port, messages, size, connections and timeoutMs gets the outcome the domain decides',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constant<unknown>('fixture'),
            badNumber,
            fc.constantFrom<unknown>(0, 70_000, 1.5),
          ),
          fc.oneof(fc.constantFrom<unknown>(0, 1, 3), badNumber),
          fc.oneof(
            fc.constantFrom<unknown>(1, 100, 4096),
            badNumber,
            fc.constantFrom<unknown>(0, 2 ** 40, 64 * 1024 * 1024 + 1),
          ),
          fc.oneof(
            fc.constantFrom<unknown>(undefined, 1, 3),
            badNumber,
            fc.constantFrom<unknown>(0, 1e15, 10_001),
          ),
          timeoutMs,
          async (port, messages, size, connections, t) => {
            const o = {
              port: port === 'fixture' ? echo.port : port,
              messages,
              size,
              connections,
              timeoutMs: t,
            } as never;
            const expected = normalizeEchoClientOptions(o).error ? 'EINVAL' : 'ok';
            expect(await quietly(() => outcome(() => model.echoClient(o)))).toBe(expected);
          },
        ),
        { numRuns: RUNS },
      );
    },
    60_000,
  );
});
