/**
 * `pnpm bench`: runs the suites (micro, classic, echo, fetch, idle), prints a table, and
 * writes the results JSON, RESULTS.md and one SVG chart per suite — all drawn
 * from the JSON. Every model in the registry is covered, beside the limit
 * (plain callbacks) and the peers. Read README.md for the method, then
 * micro/contestant.ts and macro/echo.ts.
 *
 *   node bench/dist/run.js [--quick] [--filter REGEX] [--out DIR] [--list]
 *   node bench/dist/run.js --report FILE.json [--out DIR]   (redraw RESULTS.md and charts)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { classicChild } from './classic/child.js';
import { classicGroup } from './classic/suite.js';
import type { RunContext, SuiteGroup } from './context.js';
import { collectMeta, repoRoot } from './env.js';
import { echoGroup } from './macro/echo.js';
import { fetchGroup } from './macro/fetch.js';
import { idleGroup } from './macro/idle.js';
import { microChild } from './micro/child.js';
import { microGroup } from './micro/suite.js';
import { barChart } from './report/charts.js';
import { resultsMarkdown } from './report/markdown.js';
import { reportTable } from './report/table.js';
import type { BenchReport } from './schema.js';

const USAGE = `usage: node bench/dist/run.js [--quick] [--filter REGEX] [--out DIR] [--list]
       node bench/dist/run.js --report RESULTS.json [--out DIR]
  --quick         tiny durations, one run: a smoke test (under a minute), written to a temp dir unless --out
  --filter REGEX  run only the suites whose id matches (see --list)
  --out DIR       write DIR/results/<date>-<commit>.json, DIR/RESULTS.md, DIR/charts/*.svg (default: bench/)
  --list          print the suite ids and exit
  --report FILE   redraw RESULTS.md and the charts from an existing results JSON`;

const groups: SuiteGroup[] = [microGroup, classicGroup, echoGroup, fetchGroup, idleGroup];

function usage(reason: string): never {
  process.stderr.write(`${reason}\n${USAGE}\n`);
  process.exit(2);
}

/** Writes the JSON (unless it is already there), RESULTS.md and the charts under `out`. */
async function writeReport(report: BenchReport, out: string, jsonFile?: string): Promise<string> {
  const stamp = `${report.meta.date.slice(0, 10)}-${report.meta.commit}${report.meta.quick ? '-quick' : ''}`;
  const json = jsonFile ?? join(out, 'results', `${stamp}.json`);
  if (!jsonFile) {
    mkdirSync(join(out, 'results'), { recursive: true });
    writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  }
  mkdirSync(join(out, 'charts'), { recursive: true });
  for (const suite of report.suites)
    writeFileSync(join(out, 'charts', `${suite.id}.svg`), await barChart(suite, report.meta));
  writeFileSync(
    join(out, 'RESULTS.md'),
    resultsMarkdown(report, relative(out, json).split('\\').join('/')),
  );
  return json;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  const parse = (argv: string[]) =>
    parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        filter: { type: 'string' },
        out: { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        report: { type: 'string' },
        child: { type: 'string' },
        contestant: { type: 'string' },
        count: { type: 'string' },
        deep: { type: 'boolean', default: false },
        workload: { type: 'string' },
      },
      strict: true,
    });
  const argv = process.argv.slice(2);
  try {
    values = parse(argv).values;
  } catch (e) {
    usage((e as Error).message);
  }

  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  if (values.child === 'probe')
    return microChild(values.contestant ?? '', Number(values.count ?? 0), values.deep ?? false);

  if (values.child === 'classic')
    return classicChild(values.contestant ?? '', values.workload ?? '', Number(values.count ?? 0));

  if (values.list) {
    process.stdout.write(`${groups.flatMap((g) => g.ids).join('\n')}\n`);
    return;
  }

  if (values.report) {
    const report = readReport(values.report);
    const out = values.out ?? join(repoRoot, 'bench');
    await writeReport(report, out, values.report);
    process.stdout.write(`${reportTable(report)}\nwrote ${join(out, 'RESULTS.md')}\n`);
    return;
  }

  let filter: RegExp | null = null;
  if (values.filter !== undefined) {
    try {
      filter = new RegExp(values.filter);
    } catch (e) {
      usage(`bad --filter: ${(e as Error).message}`);
    }
  }
  const quick = values.quick ?? false;
  const out =
    values.out ?? (quick ? join(tmpdir(), 'async-rosetta-bench-quick') : join(repoRoot, 'bench'));
  const meta = collectMeta({ quick, filter: values.filter ?? null, argv });
  const started = performance.now();
  const ctx: RunContext = {
    quick,
    selects: (id) => filter === null || filter.test(id),
    log: (line) =>
      process.stderr.write(
        `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`,
      ),
    fdLimit: meta.fdLimit,
  };
  const chosen = groups.filter((g) => g.ids.some(ctx.selects));
  if (chosen.length === 0) usage(`--filter ${values.filter} matches no suite`);

  const suites = [];
  for (const group of chosen) {
    const t0 = performance.now();
    suites.push(...(await group.run(ctx)));
    ctx.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  meta.durationMs = performance.now() - started;
  meta.loadAverage.end = loadavg()[0] ?? 0;
  const report: BenchReport = { schema: 'async-rosetta-bench/1', meta, suites };
  const json = await writeReport(report, out);
  process.stdout.write(
    `${reportTable(report)}\nwrote ${json}\nwrote ${join(out, 'RESULTS.md')} and ${join(out, 'charts')}/\n`,
  );
}

/** A results JSON written by this harness, or a one-line failure saying why not. */
function readReport(file: string): BenchReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw Object.assign(new Error(`cannot read ${file}: ${(e as Error).message}`), { quiet: true });
  }
  let report: Partial<BenchReport> | null;
  try {
    report = JSON.parse(text) as Partial<BenchReport> | null;
  } catch (e) {
    throw Object.assign(new Error(`${file} is not JSON: ${(e as Error).message}`), { quiet: true });
  }
  if (report?.schema !== 'async-rosetta-bench/1' || !report.meta || !Array.isArray(report.suites)) {
    throw Object.assign(
      new Error(`${file} is not a bench results file (schema async-rosetta-bench/1)`),
      { quiet: true },
    );
  }
  return report as BenchReport;
}

// One line on failure; the stack trace only when asked for (ROSETTA_DEBUG=1), as in the rosetta command.
main().catch((e) => {
  const debug = process.env.ROSETTA_DEBUG === '1';
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`bench failed: ${message.replace(/\s+/g, ' ')}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else if (!(e as { quiet?: boolean }).quiet)
    process.stderr.write('(ROSETTA_DEBUG=1 shows the stack trace)\n');
  process.exit(1);
});
