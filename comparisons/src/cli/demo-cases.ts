/**
 * The rosetta command: the error cases of `rosetta demo` — each provokes one failure
 * from SPEC.md's vocabulary against the fixtures and names the code it expects.
 * Read demo.ts for how they are run and shown.
 */
import { createServer } from 'node:net';
import type { HttpFixture } from '../fixtures/index.js';
import type { ModelAdapter } from '../models/contract.js';
import { codeOf, within } from './guard.js';

/** What each case may rely on. */
export interface CaseEnv {
  http: HttpFixture;
  /** A port where nothing listens. */
  closedPort: number;
}

export interface ErrorCase {
  name: string;
  expected: string;
  /** Runs the case with `model`; resolves with the code the model failed with. */
  run(model: ModelAdapter, env: CaseEnv): Promise<string>;
}

const GUARD_MS = 10_000;

/** A case that fetches one path and expects it to fail with `expected`. */
function fetchCase(name: string, expected: string, path: string, o = {}): ErrorCase {
  return {
    name,
    expected,
    run: (model, env) => codeOf(within(model.fetchPage(env.http.url + path, o), GUARD_MS)),
  };
}

export const errorCases: readonly ErrorCase[] = [
  {
    name: 'refused',
    expected: 'ECONNREFUSED',
    run: (model, env) =>
      codeOf(within(model.fetchPage(`http://127.0.0.1:${env.closedPort}/`), GUARD_MS)),
  },
  fetchCase('timeout', 'ETIMEDOUT', '/hang', { timeoutMs: 200 }),
  {
    name: 'cancel',
    expected: 'ECANCELLED',
    async run(model, env) {
      const seen = env.http.stats().requests.length;
      const task = model.fetchPage(`${env.http.url}/hang`);
      const settled = codeOf(within(task, GUARD_MS));
      // Cancel once the request is on the wire (or the task already failed by itself).
      await Promise.race([
        env.http.waitFor((s) => s.requests.length > seen).catch(() => {}),
        settled,
      ]);
      task.cancel();
      return settled;
    },
  },
  fetchCase('too large', 'ETOOLARGE', '/bytes/4096', { maxBodyBytes: 1024 }),
  fetchCase('malformed', 'EPROTO', '/malformed/status'),
  fetchCase('reset', 'ECONNRESET', '/reset-after/1000'),
];

/** A port on 127.0.0.1 where nothing listens: listened on, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 1;
}
