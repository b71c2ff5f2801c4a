/**
 * The rosetta command: `rosetta fetch <url> [--model M|all] [--timeout MS|none] [--json]`.
 * Contract: GETs the URL once with each chosen model, one after another, and prints
 * one line (or one JSON object) per model; any failure is a `<code>: <message>` line
 * on stderr (with --json a `{model, error}` object on stdout) and exit status 1. The
 * URL and the deadline are checked by fetchPage's own normaliser (task-spec) before any
 * model runs: out of its domain is bad usage. On SIGINT/SIGTERM the running fetch is
 * cancelled, what was fetched so far stays printed, and the status is 128 + the signal.
 * Read echo.ts next.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { normalizeFetchOptions } from '@async-rosetta/task-spec';
import { deadline, inDomain, parse, pickModels } from './args.js';
import { DEFAULT_FETCH_TIMEOUT_MS } from './deadlines.js';
import { signalStatus, untilSettledOrSignal } from './interrupt.js';
import { count, type Io, printFailure } from './io.js';
import { round } from './table.js';
import { UsageError } from './usage.js';

/** The URL the user probably meant, when `raw` has no scheme or another one: `localhost:8765` → http://localhost:8765/. */
function suggestion(raw: string): string | undefined {
  const rest = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw.replace(/^[^:]+:\/\//, '') : raw;
  const guess = `http://${rest}`;
  const checked = normalizeFetchOptions(guess);
  return checked.error === undefined && checked.options.url !== raw
    ? checked.options.url
    : undefined;
}

/** The checked URL, or a UsageError saying why not and what was probably meant. */
function checkedUrl(raw: string): string {
  const checked = normalizeFetchOptions(raw);
  if (checked.error === undefined) return checked.options.url;
  const hint = suggestion(raw);
  throw new UsageError(`${checked.error.message}${hint ? `; did you mean ${hint}?` : ''}`);
}

/** Runs `rosetta fetch`; resolves with the exit status. */
export async function fetchCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('fetch takes exactly one URL');
  const url = checkedUrl(positionals[0]!);
  const { timeoutMs } = inDomain(
    normalizeFetchOptions(url, {
      timeoutMs: deadline(values.timeout, DEFAULT_FETCH_TIMEOUT_MS),
    }),
    { timeoutMs: 'timeout' },
  );
  const chosen = pickModels(io, values.model ?? 'all', true);

  let failed = false;
  for (const [done, model] of chosen.entries()) {
    const start = performance.now();
    const outcome = await untilSettledOrSignal(
      model.fetchPage(url, timeoutMs === undefined ? {} : { timeoutMs }),
      io,
    );
    const ms = round(performance.now() - start);
    if (outcome.signal !== undefined) {
      if (!outcome.ok) printFailure(io, values.json, model.name, outcome.error);
      io.err(
        `${outcome.signal}: stopped during ${model.name} after ${ms} ms; ` +
          `${done} of ${count(chosen.length, 'model')} fetched`,
      );
      return signalStatus(outcome.signal);
    }
    if (!outcome.ok) {
      failed = true;
      printFailure(io, values.json, model.name, outcome.error);
      continue;
    }
    const page = outcome.value;
    const sha256 = createHash('sha256').update(page.body).digest('hex');
    const bodyBytes = page.body.length;
    if (values.json) {
      io.out(
        JSON.stringify({
          model: model.name,
          status: page.status,
          headers: page.headers,
          bodyBytes,
          sha256,
          ms,
        }),
      );
    } else {
      const status = `${page.status} ${page.statusText}`;
      io.out(`${model.name}: ${status}, ${bodyBytes} bytes, sha256 ${sha256}, ${ms} ms`);
    }
  }
  return failed ? 1 : 0;
}
