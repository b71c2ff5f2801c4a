/**
 * The debuggability probe, run by `rosetta report` in its own process under
 * `node --enable-source-maps` (so every frame names a TypeScript source line): for each
 * registered model and each failure injected at the socket, calls the model's fetchPage
 * as a user would and prints, as one JSON line, the error the caller gets and its stack.
 * Contract: stdout carries only JSON lines `{model, scenario, code, message, stack}`;
 * `Error.stackTraceLimit` is left at Node's default, as a user has it.
 * Lineage: spion/async-compare's "how far does the stack trace land from the bug"
 * (`debuggability.js`), here under Node's async stack traces. Read debug.ts next.
 */
import { createServer } from 'node:net';
import { startHttpFixture } from '../fixtures/index.js';
import { models } from '../models/index.js';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

const fixture = await startHttpFixture();
const refused = await closedPort();
const scenarios: Record<string, string> = {
  'reset mid-body': `${fixture.url}/reset-after/1000`,
  'refused connect': `http://127.0.0.1:${refused}/`,
};
const only = process.argv[2]?.split(',');
try {
  for (const model of models) {
    if (only && !only.includes(model.name)) continue;
    for (const [scenario, url] of Object.entries(scenarios)) {
      const outcome = await model.fetchPage(url, { timeoutMs: 10_000 }).result.then(
        () => ({ code: 'none', message: 'the fetch succeeded', stack: '' }),
        (e: { code?: unknown; message?: unknown; stack?: unknown }) => ({
          code: String(e?.code ?? 'none'),
          message: String(e?.message ?? e),
          stack: typeof e?.stack === 'string' ? e.stack : String(e),
        }),
      );
      process.stdout.write(`${JSON.stringify({ model: model.name, scenario, ...outcome })}\n`);
    }
  }
} finally {
  await fixture.close();
}
