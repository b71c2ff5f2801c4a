/**
 * The rosetta command: `rosetta fetch <url> [--model M|all] [--timeout MS] [--json]`.
 * Contract: GETs the URL once with each chosen model, one after another, and prints
 * one line (or one JSON object) per model; any failure is a `<code>: <message>` line
 * on stderr and exit status 1. Read echo.ts next.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { integer, parse, pickModels } from './args.js';
import { describeError, type Io } from './io.js';
import { round } from './table.js';
import { UsageError } from './usage.js';

/** Runs `rosetta fetch`; resolves with the exit status. */
export async function fetchCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('fetch takes exactly one URL');
  const url = positionals[0]!;
  // Syntax is usage; a well-formed URL the task refuses (ftp:, …) is the task's EINVAL.
  if (!URL.canParse(url)) throw new UsageError(`not a URL: '${url}'`);
  const timeoutMs = integer('timeout', values.timeout, { min: 1 });
  const chosen = pickModels(io, values.model ?? 'all', true);

  let failed = false;
  for (const model of chosen) {
    const start = performance.now();
    try {
      const page = await model.fetchPage(url, timeoutMs === undefined ? {} : { timeoutMs }).result;
      const ms = round(performance.now() - start);
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
    } catch (e) {
      failed = true;
      io.err(`${describeError(e)} (model ${model.name})`);
    }
  }
  return failed ? 1 : 0;
}
