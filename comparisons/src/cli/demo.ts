/**
 * The rosetta command: `rosetta demo` — every task in every registered model against
 * local fixtures, shown as one side-by-side table.
 * Contract: starts the fixtures on 127.0.0.1:0; for each model, one after another,
 * runs fetchPage, fetchAll, serveEcho + echoClient and the error cases; prints the
 * table; closes everything; exit status 1 if any model misbehaved.
 * Read demo-cases.ts for the error cases.
 */
import { performance } from 'node:perf_hooks';
import { fixtureBytes, type HttpFixture, startHttpFixture } from '../fixtures/index.js';
import { codedError } from '../fixtures/net-util.js';
import type { ModelAdapter } from '../models/contract.js';
import { parse, pickModels } from './args.js';
import { type CaseEnv, closedPort, errorCases } from './demo-cases.js';
import { errorCode, within } from './guard.js';
import type { Io } from './io.js';
import { round, table } from './table.js';
import { UsageError } from './usage.js';

const GUARD_MS = 20_000;
const PAGE_BYTES = 100_000;
const ALL_URLS = 20;
const CONCURRENCY = 4;
const ECHO = { connections: 2, messages: 500, size: 64 };

/** One table cell and whether the model behaved. */
interface Cell {
  text: string;
  ok: boolean;
}

const failed = (code: string): Cell => ({ text: `✗ ${code}`, ok: false });

/** Runs a step; a rejection becomes a ✗ cell with its code. */
async function step(run: () => Promise<Cell>): Promise<Cell> {
  try {
    return await run();
  } catch (e) {
    return failed(errorCode(e));
  }
}

async function fetchCell(model: ModelAdapter, http: HttpFixture): Promise<Cell> {
  const start = performance.now();
  const page = await within(model.fetchPage(`${http.url}/bytes/${PAGE_BYTES}`), GUARD_MS);
  const ms = round(performance.now() - start);
  const ok = page.status === 200 && Buffer.from(page.body).equals(fixtureBytes(PAGE_BYTES));
  return ok
    ? { text: `${page.status}, ${page.body.length} B, ${ms} ms`, ok }
    : failed('wrong page');
}

/** 20 URLs mixing every body framing and a few short delays. */
function allUrls(http: HttpFixture): { url: string; bytes?: number }[] {
  const kinds = ['bytes', 'chunked', 'close-delimited'];
  return Array.from({ length: ALL_URLS }, (_, i) =>
    i % 4 === 3
      ? { url: `${http.url}/delay/20` }
      : { url: `${http.url}/${kinds[i % 4]}/${1000 * (i + 1)}`, bytes: 1000 * (i + 1) },
  );
}

async function fetchAllCell(model: ModelAdapter, http: HttpFixture): Promise<Cell> {
  const urls = allUrls(http);
  const start = performance.now();
  const pages = await within(
    model.fetchAll(
      urls.map((u) => u.url),
      { concurrency: CONCURRENCY },
    ),
    GUARD_MS,
  );
  const ms = round(performance.now() - start);
  const ok =
    pages.length === urls.length &&
    pages.every((p, i) => p.status === 200 && (urls[i]!.bytes ?? p.body.length) === p.body.length);
  return ok ? { text: `${pages.length} pages, ${ms} ms`, ok } : failed('wrong pages');
}

async function echoCell(model: ModelAdapter): Promise<Cell> {
  const server = await model.serveEcho({ port: 0 });
  try {
    const start = performance.now();
    const stats = await within(model.echoClient({ port: server.address.port, ...ECHO }), GUARD_MS);
    const seconds = (performance.now() - start) / 1000;
    const total = ECHO.connections * ECHO.messages;
    const ok =
      stats.messages === total && stats.bytes === total * ECHO.size && stats.mismatches === 0;
    return ok ? { text: `${Math.round(total / seconds)} msg/s`, ok } : failed('wrong stats');
  } finally {
    await server.close();
  }
}

async function errorsCell(model: ModelAdapter, env: CaseEnv): Promise<Cell> {
  const wrong: string[] = [];
  for (const c of errorCases) {
    const code = await c.run(model, env);
    if (code !== c.expected) wrong.push(`${c.name}→${code}`);
  }
  const passed = errorCases.length - wrong.length;
  return wrong.length === 0
    ? { text: `${passed}/${errorCases.length} ✓`, ok: true }
    : { text: `${passed}/${errorCases.length} ✗ ${wrong.join(', ')}`, ok: false };
}

/** A short untimed pass, so the first model measured does not pay for everyone's JIT warm-up. */
async function warmUp(model: ModelAdapter, http: HttpFixture): Promise<void> {
  await step(() => fetchCell(model, http));
  await step(async () => {
    const server = await model.serveEcho({ port: 0 });
    await within(model.echoClient({ port: server.address.port, messages: 100, size: 64 }), GUARD_MS)
      .finally(() => server.close())
      .catch(() => {});
    return { text: '', ok: true };
  });
}

/** Runs `rosetta demo`; resolves with the exit status. */
export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { positionals } = parse(argv, {});
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const chosen = pickModels(io, 'all', true);
  const http = await startHttpFixture();
  const rows: string[][] = [];
  const misbehaved: string[] = [];
  try {
    const env: CaseEnv = { http, closedPort: await closedPort() };
    for (const model of chosen) await warmUp(model, http);
    for (const model of chosen) {
      const cells = [
        await step(() => fetchCell(model, http)),
        await step(() => fetchAllCell(model, http)),
        await step(() => echoCell(model)),
        await step(() => errorsCell(model, env)),
      ];
      rows.push([model.name, ...cells.map((c) => c.text)]);
      if (!cells.every((c) => c.ok)) misbehaved.push(model.name);
    }
  } finally {
    await http.close();
  }

  io.out(
    `rosetta demo: every task in every model, against local fixtures (Node ${process.version})`,
  );
  io.out('');
  for (const line of table(
    [
      'model',
      `fetchPage /bytes/${PAGE_BYTES}`,
      `fetchAll ${ALL_URLS} URLs ×${CONCURRENCY}`,
      'echo',
      'error cases',
    ],
    rows,
  )) {
    io.out(line);
  }
  io.out('');
  io.out(
    `echo: serveEcho + echoClient, ${ECHO.connections} connections × ${ECHO.messages} messages ` +
      `of ${ECHO.size} bytes, closed loop. One run on this machine: indicative, not a benchmark.`,
  );
  io.out(`error cases: ${errorCases.map((c) => `${c.name} ${c.expected}`).join(', ')}`);
  if (misbehaved.length === 0) return 0;
  throw codedError('EDEMO', `${misbehaved.length} model(s) misbehaved: ${misbehaved.join(', ')}`);
}
