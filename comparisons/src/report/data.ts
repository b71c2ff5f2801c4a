/**
 * Everything one report shows, gathered once and rendered three ways (html.ts,
 * markdown.ts, slides.ts): the exhibits, their metrics, the stack traces, the differences,
 * the benchmarks — and the findings a reader asks first (which model is shortest, which
 * reaches the most helper lines, whose stack traces land on the task file).
 * Contract: `gather` reads the sources, runs the probe and the demos; nothing here formats
 * output (the demos' SVG timelines are drawn as they are gathered, by timeline.ts).
 * Read html.ts next.
 */
import type { ModelAdapter } from '../models/contract.js';
import {
  geometricMean,
  type LatestBench,
  latestBench,
  type RatioCell,
  stalenessLine,
  suiteRatios,
} from './bench.js';
import { probeStacks, type Trace } from './debug.js';
import { type DifferRow, differRows } from './differ.js';
import { inputsHash } from './hash.js';
import { type Metrics, measure } from './metrics.js';
import { collectSources, type Sources } from './sources.js';
import { demoTimelines, type Timeline } from './timeline.js';

/** The metric rows every table shows, in order: key, title, and what it counts. */
export const METRICS: readonly {
  key: keyof Omit<Metrics, 'helpers' | 'local'>;
  title: string;
  what: string;
}[] = [
  { key: 'lines', title: 'code lines', what: 'lines with code (no blank or comment line)' },
  { key: 'tokens', title: 'tokens', what: 'TypeScript tokens, comments excluded' },
  { key: 'gzipBytes', title: 'gzip bytes', what: 'gzip -9 of the code without comments' },
  {
    key: 'suspensions',
    title: 'suspension points',
    what: 'await, yield, then/addCallback/addDoneCallback/callSoon …',
  },
  {
    key: 'functionLiterals',
    title: 'function literals',
    what: 'arrow functions and function expressions inside',
  },
  {
    key: 'alsoRead',
    title: 'lines also read',
    what: 'code lines of the helpers and engine it reaches in its packages',
  },
];

export interface Totals {
  model: string;
  lines: number;
  tokens: number;
  gzipBytes: number;
  suspensions: number;
  functionLiterals: number;
  /** Distinct helper lines over all tasks (a helper used twice is read once). */
  alsoRead: number;
}

export interface Findings {
  shortest: string;
  mostAlsoRead: string;
  /** Models whose every probed stack names a line of their task file. */
  landOnTask: string[];
  /** Models with at least one probed stack naming a task-file line. */
  someOnTask: string[];
}

export interface ReportData {
  root: string;
  models: readonly ModelAdapter[];
  sources: Sources;
  metrics: Record<string, Record<string, Metrics>>;
  totals: Totals[];
  traces: Trace[];
  /** Every demo run in every model while the report was generated, drawn (timeline.ts). */
  timelines: Timeline[];
  differ: DifferRow[];
  bench: LatestBench | null;
  ratios: { suite: string; title: string; cells: Record<string, RatioCell> }[];
  geomeans: Record<string, number | null>;
  staleness: string;
  hash: string;
  findings: Findings;
}

function totalsOf(sources: Sources, metrics: ReportData['metrics'], model: string): Totals {
  const t: Totals = {
    model,
    lines: 0,
    tokens: 0,
    gzipBytes: 0,
    suspensions: 0,
    functionLiterals: 0,
    alsoRead: 0,
  };
  const helpers = new Map<string, number>();
  for (const g of sources.groups) {
    for (const task of g.tasks) {
      const m = metrics[task]?.[model];
      if (!m) continue;
      t.lines += m.lines;
      t.tokens += m.tokens;
      t.gzipBytes += m.gzipBytes;
      t.suspensions += m.suspensions;
      t.functionLiterals += m.functionLiterals;
      for (const h of m.helpers) helpers.set(h.where, h.lines);
    }
  }
  t.alsoRead = [...helpers.values()].reduce((a, b) => a + b, 0);
  return t;
}

/** Reads the sources, measures them, runs the probe and reads the latest bench run. */
export async function gather(root: string, models: readonly ModelAdapter[]): Promise<ReportData> {
  const sources = collectSources(root, models);
  const metrics = measure(root, models, sources);
  const traces = await probeStacks(root, models);
  const timelines = await demoTimelines(models);
  const bench = latestBench(root);
  const names = models.map((m) => m.name);
  const ratios = (bench?.report.suites ?? []).map((s) => ({
    suite: s.id,
    title: s.title,
    cells: suiteRatios(s, names),
  }));
  const geomeans = Object.fromEntries(
    names.map((n) => [n, geometricMean(ratios.map((r) => r.cells[n]?.ratio ?? null))]),
  );
  const totals = names.map((n) => totalsOf(sources, metrics, n));
  const by = (key: keyof Omit<Totals, 'model'>, pick: (a: number, b: number) => boolean): string =>
    totals.reduce((best, t) => (pick(t[key], best[key]) ? t : best)).model;
  const landing = (n: string) => traces.filter((t) => t.model === n);
  return {
    root,
    models,
    sources,
    metrics,
    totals,
    traces,
    timelines,
    differ: differRows(models, bench),
    bench,
    ratios,
    geomeans,
    staleness: bench
      ? stalenessLine(root, bench.report.meta.commit)
      : 'No benchmark run is recorded.',
    hash: inputsHash(root, models),
    findings: {
      shortest: by('tokens', (a, b) => a < b),
      mostAlsoRead: by('alsoRead', (a, b) => a > b),
      landOnTask: names.filter(
        (n) => landing(n).length > 0 && landing(n).every((t) => t.taskLine !== null),
      ),
      someOnTask: names.filter((n) => landing(n).some((t) => t.taskLine !== null)),
    },
  };
}

/** The findings as sentences, for the page, the Markdown and the command's output. */
export function findingSentences(d: ReportData): string[] {
  const t = (n: string) => d.totals.find((x) => x.model === n)!;
  const s = t(d.findings.shortest);
  const r = t(d.findings.mostAlsoRead);
  const all = d.findings.landOnTask;
  const some = d.findings.someOnTask.filter((n) => !all.includes(n));
  return [
    `Shortest: ${s.model}, with ${s.tokens} tokens in ${s.lines} code lines over all tasks.`,
    `Most helper lines to read: ${r.model}, ${r.alsoRead} distinct lines of helpers and engine reached from its tasks.`,
    all.length > 0
      ? `Stack traces that land on the task file: ${all.join(', ')}${some.length ? `; sometimes: ${some.join(', ')}` : ''}.`
      : some.length > 0
        ? `No model's stack traces always land on the task file; sometimes: ${some.join(', ')}.`
        : 'No model’s stack trace names a line of its task file: every trace ends in the model’s machinery or in Node’s runtime.',
  ];
}
