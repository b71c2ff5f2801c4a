/**
 * The rosetta command: `rosetta report …` loads the report (comparisons/src/report) only
 * when it is asked for — it brings a compiler, a highlighter and a chart renderer, which
 * every other command would otherwise pay for at start-up. From the compiled CLI it loads
 * the report's own bundle, dist/report.js (built beside dist/cli.js by scripts/build.mjs);
 * from the sources, src/report/command.ts. Bad usage in either is a UsageError (exit 2).
 * Read ../report/command.ts next.
 */
import type { Io } from './io.js';
import { UsageError } from './usage.js';

type ReportModule = typeof import('../report/command.js');

/** Runs `rosetta report`; resolves with its exit status. */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const compiled = new URL(import.meta.url).pathname.endsWith('/dist/cli.js');
  const where = new URL(compiled ? './report.js' : '../report/command.ts', import.meta.url);
  const report = (await import(where.href)) as ReportModule;
  try {
    return await report.reportCommand(argv, io);
  } catch (e) {
    // The bundle has its own copy of UsageError: bad usage stays bad usage (exit 2).
    if (e instanceof Error && e.name === 'UsageError' && !(e instanceof UsageError))
      throw new UsageError(e.message);
    throw e;
  }
}
