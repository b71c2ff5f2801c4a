/**
 * The shape of bench/results/<date>-<commit>.json: every figure with its spread
 * and run count, every suite with its method, and the machine it ran on.
 * RESULTS.md and the charts are drawn from this data alone (report/*.ts).
 * Read run.ts next.
 */

/** The limit is the floor a model could reach; peers are the published alternatives. */
export type Kind = 'limit' | 'model' | 'peer';

/** One measurement over several runs: the median, its min–max spread and the run count. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
  /** The per-run values the figure summarises, in run order. */
  values: number[];
}

/** One contestant's results in one suite. */
export interface Row {
  name: string;
  kind: Kind;
  /** One line: what this row runs (the model's lineage, or the peer's idiom). */
  description: string;
  /** 'failed': it did not complete (the error says why) — e.g. a stack overflow in the deep chain. */
  status: 'ok' | 'failed';
  error?: string;
  metrics: Record<string, Figure>;
  /**
   * The primary metric as "times the reference's cost" (> 1: slower, heavier or
   * fewer requests than the reference), computed per run from runs interleaved
   * with the reference's, then summarised like any figure.
   */
  ratios: { toLimit?: Figure; toNative?: Figure };
}

export interface Suite {
  /** Dotted id, matched by --filter: 'micro.one-step', 'echo.1KiB', 'fetch', 'idle', … */
  id: string;
  title: string;
  /** What one operation is, in one or two sentences. */
  what: string;
  /** The metric the ratios and the chart use. */
  primary: string;
  better: 'lower' | 'higher';
  /** Row name of the limit (the plain callback / raw node:net / raw http.request). */
  limit: string;
  /** Row name of native async/await, where the suite has one. */
  native?: string;
  /** Runs, durations, sizes: everything needed to repeat the figure. */
  method: string;
  notes: string[];
  rows: Row[];
  /** Metrics for which the report states which rows differ beyond their spreads (min–max ranges apart). */
  compare?: string[];
  /** Published figures of the same workload elsewhere, shown beside ours (the classic suites). */
  published?: Published;
}

/** Another benchmark's published figures for the same workload, by our row name. */
export interface Published {
  /** Where the figures come from. */
  source: string;
  /** How that run differs from ours (machine, Node, versions). */
  context: string;
  /** The row both tables are divided by, so that ratios can be set side by side. */
  reference: string;
  figures: Record<string, { label: string; ms: number }>;
}

export interface Meta {
  date: string;
  commit: string;
  /** True when the working tree had uncommitted changes (the figures may not match `commit`). */
  dirty: boolean;
  command: string;
  node: string;
  v8: string;
  cpu: string;
  cores: number;
  os: string;
  totalMemoryMiB: number;
  /** 1-minute load average when the run started and when it ended: how busy the machine was. */
  loadAverage: { start: number; end: number };
  /** Open-file limit of the bench processes (`ulimit -n`), which bounds the idle-connection suite. */
  fdLimit: number | null;
  quick: boolean;
  filter: string | null;
  durationMs: number;
  versions: Record<string, string>;
}

export interface BenchReport {
  schema: 'async-rosetta-bench/1';
  meta: Meta;
  suites: Suite[];
}
