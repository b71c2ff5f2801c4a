/**
 * The rosetta command: `rosetta demo` — every task in every registered model against
 * local fixtures, shown as one side-by-side table.
 * Contract: starts the fixtures on 127.0.0.1:0; warms every model up untimed, then runs
 * fetchPage, fetchAll and serveEcho + echoClient in interleaved rounds (each round
 * starting with another model) and shows each model's median, then the error cases;
 * prints the table and what its columns mean; closes everything; exit status 1 if any
 * model misbehaved. The times say that a task works, not which model is faster: the
 * table points at bench/RESULTS.md for that.
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

/** How many timed rounds; the table shows each model's median. */
const ROUNDS = 3;

/** One table cell and whether the model behaved. */
interface Cell {
  text: string;
  ok: boolean;
}

/** One timed run of a task: what it measured, or the cell of its failure. */
type Measured = { ok: true; value: number } | ({ ok: false } & Cell);

const failed = (code: string): Cell & { ok: false } => ({ text: `✗ ${code}`, ok: false });

/** Runs a step; a rejection becomes a ✗ cell with its code. */
async function step<T extends Cell | Measured>(run: () => Promise<T>): Promise<T | Cell> {
  try {
    return await run();
  } catch (e) {
    return failed(errorCode(e));
  }
}

/** The first failure among the rounds, else `show` of the median measurement. */
function summary(runs: (Measured | Cell)[], show: (median: number) => string): Cell {
  const bad = runs.find((r) => !r.ok) as Cell | undefined;
  if (bad) return bad;
  const values = runs.map((r) => (r as { value: number }).value).sort((a, b) => a - b);
  return { text: show(values[Math.floor(values.length / 2)]!), ok: true };
}

/** fetchPage of a 100 kB page: its wall time in ms. */
async function fetchRun(model: ModelAdapter, http: HttpFixture): Promise<Measured> {
  const start = performance.now();
  const page = await within(model.fetchPage(`${http.url}/bytes/${PAGE_BYTES}`), GUARD_MS);
  const ms = performance.now() - start;
  const ok = page.status === 200 && Buffer.from(page.body).equals(fixtureBytes(PAGE_BYTES));
  return ok ? { ok, value: ms } : failed('wrong page');
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

/** fetchAll of the 20 URLs, at most CONCURRENCY at once: its wall time in ms. */
async function fetchAllRun(model: ModelAdapter, http: HttpFixture): Promise<Measured> {
  const urls = allUrls(http);
  const start = performance.now();
  const pages = await within(
    model.fetchAll(
      urls.map((u) => u.url),
      { concurrency: CONCURRENCY },
    ),
    GUARD_MS,
  );
  const ms = performance.now() - start;
  const ok =
    pages.length === urls.length &&
    pages.every((p, i) => p.status === 200 && (urls[i]!.bytes ?? p.body.length) === p.body.length);
  return ok ? { ok, value: ms } : failed('wrong pages');
}

/** The model's echo client against the model's echo server: messages per second. */
async function echoRun(model: ModelAdapter, echo = ECHO): Promise<Measured> {
  const server = await model.serveEcho({ port: 0 });
  try {
    const start = performance.now();
    const stats = await within(model.echoClient({ port: server.address.port, ...echo }), GUARD_MS);
    const seconds = (performance.now() - start) / 1000;
    const total = echo.connections * echo.messages;
    const ok =
      stats.messages === total && stats.bytes === total * echo.size && stats.mismatches === 0;
    return ok ? { ok, value: total / seconds } : failed('wrong stats');
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

/** An untimed pass, so that no model is timed while the JIT is still warming up to it. */
async function warmUp(model: ModelAdapter, http: HttpFixture): Promise<void> {
  await step(() => fetchRun(model, http));
  await step(() => fetchAllRun(model, http));
  await step(() => echoRun(model, { ...ECHO, messages: 100 }));
}

/** `list` rotated left by `by`: round r starts with a different model. */
function rotated<T>(list: readonly T[], by: number): T[] {
  const k = list.length === 0 ? 0 : by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** Runs `rosetta demo`; resolves with the exit status. */
export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { positionals } = parse(argv, {});
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const chosen = pickModels(io, 'all', true);
  const http = await startHttpFixture();
  const misbehaved: string[] = [];
  const rows: string[][] = [];
  try {
    const env: CaseEnv = { http, closedPort: await closedPort() };
    for (const model of chosen) await warmUp(model, http);
    // Timed rounds, interleaved: every round runs every model once, each round starting
    // with another model, so no model pays alone for a cold start or a busy moment.
    const runs = new Map(chosen.map((m) => [m, [[], [], []] as (Measured | Cell)[][]]));
    for (let turn = 0; turn < ROUNDS; turn++) {
      for (const model of rotated(chosen, turn)) {
        const [fetches, alls, echoes] = runs.get(model)!;
        fetches!.push(await step(() => fetchRun(model, http)));
        alls!.push(await step(() => fetchAllRun(model, http)));
        echoes!.push(await step(() => echoRun(model)));
      }
    }
    for (const model of chosen) {
      const [fetches, alls, echoes] = runs.get(model)!;
      const cells = [
        summary(fetches!, (ms) => `200, ${PAGE_BYTES} B, ${round(ms)} ms`),
        summary(alls!, (ms) => `${ALL_URLS} pages, ${round(ms)} ms`),
        summary(echoes!, (rate) => `${Math.round(rate)} msg/s`),
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
  for (const line of [
    `fetchPage: one GET of a ${PAGE_BYTES}-byte page; status, body size, wall time.`,
    `fetchAll: ${ALL_URLS} GETs (every body framing, some delayed 20 ms), at most ` +
      `${CONCURRENCY} in flight (concurrency ${CONCURRENCY}); pages, wall time of the whole.`,
    `echo: the model's echoClient against its own serveEcho, ${ECHO.connections} connections × ` +
      `${ECHO.messages} messages of ${ECHO.size} bytes, closed loop; messages per second.`,
    `error cases: ${errorCases.map((c) => `${c.name} ${c.expected}`).join(', ')}.`,
    `Times and rates: the median of ${ROUNDS} rounds after an untimed warm-up, models interleaved,`,
    'on this machine, now: they show that each task works, not which model is faster. For',
    'figures with their spread, machine and method, read bench/RESULTS.md.',
  ]) {
    io.out(line);
  }
  if (misbehaved.length === 0) return 0;
  throw codedError('EDEMO', `${misbehaved.length} model(s) misbehaved: ${misbehaved.join(', ')}`);
}
