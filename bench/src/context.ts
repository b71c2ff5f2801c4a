/**
 * What every suite runner gets from run.ts: the mode, the filter, a logger.
 * Read suite-builder.ts next.
 */
import type { Suite } from './schema.js';

export interface RunContext {
  quick: boolean;
  /** True when --filter (if any) matches this suite id. */
  selects(id: string): boolean;
  /** Progress on stderr; the table goes to stdout. */
  log(line: string): void;
  /** `ulimit -n` of the bench processes, or null when unknown. */
  fdLimit: number | null;
}

/** A family of suites that share their setup (micro, echo, fetch, idle). */
export interface SuiteGroup {
  /** Every suite id the group can produce, for --filter and --list. */
  ids: string[];
  run(ctx: RunContext): Promise<Suite[]>;
}
