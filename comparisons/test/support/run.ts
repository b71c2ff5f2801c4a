/**
 * Conformance suite support: `run()`, the one way a conformance test is declared.
 * It titles the test with the SPEC.md point it checks, applies known issues
 * (a listed test runs as `it.fails`, reason in the title), runs the test's
 * registered clean-ups even when it fails, and then runs the leak check.
 * Read support/leaks.ts for the check, known-issues.ts for the list.
 */
import { it, onTestFinished } from 'vitest';
import type { ModelAdapter } from '../../src/models/contract.js';
import { knownIssues } from '../known-issues.js';
import { expectNoLeaks, snapshotResources } from './leaks.js';

export interface RunContext {
  /**
   * Registers a clean-up (closing a raw client, a model's echo server, …), run after
   * the test body, last registered first, whether the body passed or failed, and
   * before the leak check — so a model's `close()` is itself leak-checked.
   */
  defer(cleanup: () => unknown): void;
}

/**
 * Declares `it('<id> <title>')` for `model`. Before the body: a resource snapshot
 * (fixtures are already up). After it and its clean-ups: `expectNoLeaks`, which
 * polls for up to 1 s until no socket, server or ref'd timer is left over.
 * `timeoutMs` (default 15 s) bounds a model that hangs, so it fails without stalling the suite.
 *
 * @example
 * run(model, 'T1.5', 'fails with ETOOLARGE when the body passes maxBodyBytes', async () => {
 *   await expectCode(model.fetchPage(`${http.url}/bytes/11`, { maxBodyBytes: 10 }).result, 'ETOOLARGE');
 * });
 */
export function run(
  model: ModelAdapter,
  id: string,
  title: string,
  body: (t: RunContext) => Promise<void>,
  timeoutMs = 15_000,
): void {
  const name = `${id} ${title}`;
  const issues = knownIssues[model.name] ?? {};
  const reason = issues[name] ?? issues[id];
  const test = async () => {
    const cleanups: (() => unknown)[] = [];
    // A body that times out never reaches its clean-ups below: vitest runs this one then.
    onTestFinished(async () => {
      for (let c = cleanups.pop(); c; c = cleanups.pop())
        await Promise.resolve()
          .then(c)
          .catch(() => {});
    });
    const before = snapshotResources();
    let failed = false;
    let failure: unknown;
    try {
      await body({ defer: (cleanup) => void cleanups.push(cleanup) });
    } catch (err) {
      [failed, failure] = [true, err];
    }
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      try {
        await cleanup();
      } catch (err) {
        if (!failed) [failed, failure] = [true, err]; // the body's own failure matters more
      }
    }
    if (failed) throw failure;
    await expectNoLeaks(before);
  };
  if (reason === undefined) it(name, test, timeoutMs);
  else it.fails(`${name} [known issue: ${reason}]`, test, timeoutMs);
}
