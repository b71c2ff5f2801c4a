/**
 * bench/RESULTS.md, drawn from one results JSON alone: the context, what
 * limits the figures, a summary of the closest model to the limit per suite,
 * then each suite's chart, table, method and notes. Read ../run.ts next.
 */
import type { BenchReport, Figure, Suite } from '../schema.js';
import { fmt, fmtFigure, fmtRatio } from '../stats.js';
import { closestModel, closestSentence, modelRatios, tiedWith } from './closest.js';
import { type Align, mdTable } from './md-table.js';

const code = (s: string): string => `\`${s}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The widest relative spread ((max − min) / median) of any primary figure, in percent. */
function widestSpread(report: BenchReport): { pct: number; where: string } {
  let widest = { pct: 0, where: '' };
  for (const s of report.suites) {
    for (const r of s.rows) {
      const f = r.metrics[s.primary];
      if (!f || f.runs < 2 || !(f.median > 0)) continue;
      const pct = ((f.max - f.min) / f.median) * 100;
      if (pct > widest.pct) widest = { pct, where: `${r.name} in ${s.id}` };
    }
  }
  return widest;
}

function context(report: BenchReport, jsonPath: string): string {
  const m = report.meta;
  const rows: [string, string][] = [
    ['date', m.date],
    [
      'commit',
      `${code(m.commit)}${m.dirty ? ' — with uncommitted changes in the working tree' : ''}`,
    ],
    ['command', code(m.command)],
    ['Node', `${m.node} (V8 ${m.v8})`],
    ['CPU', `${m.cpu}, ${m.cores} cores`],
    ['OS', m.os],
    ['memory', `${fmt(m.totalMemoryMiB / 1024)} GiB`],
    [
      'load average (1 min)',
      `${fmt(m.loadAverage.start)} at the start, ${fmt(m.loadAverage.end)} at the end`,
    ],
    ['open-file limit', String(m.fdLimit ?? 'unknown')],
    ['duration', `${fmt(m.durationMs / 1000)} s`],
    [
      'libraries',
      Object.entries(m.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['data', `[${jsonPath}](${jsonPath})`],
  ];
  return mdTable(
    ['', ''],
    rows.map(([k, v]) => [k, cell(v)]),
  );
}

function caveats(report: BenchReport): string {
  const m = report.meta;
  const runs = [
    ...new Set(report.suites.flatMap((s) => s.rows.map((r) => r.metrics[s.primary]?.runs ?? 0))),
  ]
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  const spread = widestSpread(report);
  const lines = [
    `Every figure is the **median of ${runs.join(' or ')} runs**, with the **min–max** over those runs in brackets; the run count of each figure is in the JSON. Ratios are computed run by run (each run of a contestant is paired with the same run of the reference, which ran interleaved with it) and then summarised the same way.`,
    `The machine has **${m.cores} cores**, shared with other work: the 1-minute load average was ${fmt(m.loadAverage.start)} when the run started and ${fmt(m.loadAverage.end)} when it ended (above ${m.cores}, the cores were oversubscribed and absolute figures drop). Ratios between contestants hold better than absolute numbers, because every contestant ran interleaved with the others.`,
    spread.where
      ? `The widest spread of any primary figure is ${fmt(spread.pct)}% of its median (${spread.where}): differences smaller than the spreads shown are not findings.`
      : 'Single runs only: no spread could be measured.',
    'Macro suites (echo, fetch, idle) run one server process and one load process at a time, so on 2 cores each has a core only if nothing else runs.',
  ];
  if (m.quick)
    lines.unshift('**QUICK RUN — a smoke test with tiny durations and one run; not for citing.**');
  if (m.filter) lines.push(`Only the suites matching ${code(m.filter)} ran.`);
  return lines.map((l) => `- ${l}`).join('\n');
}

function summary(report: BenchReport): string {
  const modelNames = [
    ...new Set(
      report.suites.flatMap((s) => s.rows.filter((r) => r.kind === 'model').map((r) => r.name)),
    ),
  ];
  const header = [
    'suite',
    'limit (median)',
    'closest model',
    ...modelNames.map((n) => `${n} × limit`),
  ];
  const rows = report.suites.map((s) => {
    const limit = s.rows.find((r) => r.name === s.limit)?.metrics[s.primary];
    const closest = closestModel(s);
    const ratios = modelNames.map((n) => {
      const row = s.rows.find((r) => r.name === n);
      if (!row) return '–';
      if (row.status === 'failed') return 'failed';
      if (closest?.against === 'native')
        return row.ratios.toNative ? `${fmtFigure(row.ratios.toNative)} vs async/await` : '–';
      return row.ratios.toLimit ? fmtFigure(row.ratios.toLimit) : '–';
    });
    const tied = closest && tiedWith(s, closest).length ? ' — not a clear lead' : '';
    const name = closest
      ? `**${closest.row.name}**${closest.against === 'native' ? ' (vs async/await: the limit failed)' : ''}${tied}`
      : '–';
    return [
      `[${s.title}](#${anchor(s)})`,
      limit?.runs ? `${fmt(limit.median)} ${limit.unit}` : 'failed',
      name,
      ...ratios,
    ];
  });
  return mdTable(header, rows);
}

const anchor = (s: Suite): string => s.id.replace(/[^a-z0-9]+/gi, '-').toLowerCase();

function metricCell(f: Figure | undefined): string {
  return f?.runs ? fmtFigure(f) : '–';
}

/** Column headings for the metric keys the suites use; any other key is shown with its unit. */
const LABELS: Record<string, string> = {
  requestsPerSecond: 'requests/s',
  mibPerSecond: 'MiB/s',
  p50Us: 'p50 µs',
  p99Us: 'p99 µs',
  p999Us: 'p99.9 µs',
  serverPeakRssMiB: 'server peak RSS, MiB',
  pagesPerSecond: 'pages/s',
  heapBytesPerOp: 'heap bytes/op',
  rssBytesPerOp: 'RSS bytes/op',
  rssBytesPerConnection: 'RSS bytes/connection',
  heapBytesPerConnection: 'heap bytes/connection',
  connections: 'connections',
  serverCpuUsPerRequest: 'server CPU µs/req',
  serverHeapBytesPerRequest: 'server heap B/req',
  rateP50Us: 'fixed-rate p50 µs',
  rateP99Us: 'fixed-rate p99 µs',
  rateP999Us: 'fixed-rate p99.9 µs',
  ms: 'time, ms',
  mb: 'memory, MB',
};

/**
 * For each metric in `s.compare`: which rows differ beyond their spreads, i.e. whose min–max
 * ranges over the runs do not overlap — the only differences the report calls findings.
 */
export function separations(s: Suite): string[] {
  if (!s.compare?.length) return [];
  const lines: string[] = [];
  for (const key of s.compare) {
    const rows = s.rows
      .map((r) => ({ name: r.name, f: r.metrics[key] }))
      .filter((x): x is { name: string; f: Figure } => (x.f?.runs ?? 0) > 0)
      .sort((a, b) => a.f.median - b.f.median);
    const label = LABELS[key] ?? key;
    if (rows.length < 2) continue;
    if (rows.some((x) => x.f.runs < 2)) {
      lines.push(`${label}: single runs, so no spread — no difference can be called a finding.`);
      continue;
    }
    const pairs: string[] = [];
    for (const [i, a] of rows.entries())
      for (const b of rows.slice(i + 1))
        if (a.f.max < b.f.min)
          pairs.push(`${a.name} ${fmt(a.f.median)} < ${b.name} ${fmt(b.f.median)}`);
    lines.push(
      pairs.length
        ? `${label}, beyond the spread (ranges apart): ${pairs.join('; ')}. Every other pair overlaps.`
        : `${label}: every pair of rows overlaps — no difference beyond the spread.`,
    );
  }
  return lines.length
    ? [`**Which differences exceed their spreads.**\n\n${lines.map((l) => `- ${l}`).join('\n')}`]
    : [];
}

/** Our figures beside another benchmark's published ones, each also divided by its own reference row. */
function publishedSection(s: Suite): string[] {
  const p = s.published;
  if (!p) return [];
  const ours = (name: string): Figure | undefined =>
    s.rows.find((r) => r.name === name)?.metrics[s.primary];
  const ourRef = ours(p.reference)?.median;
  const theirRef = p.figures[p.reference]?.ms;
  const rows = Object.entries(p.figures).map(([name, f]) => {
    const mine = ours(name);
    const mineRatio = mine?.runs && ourRef ? fmt(mine.median / ourRef) : '–';
    const theirs = theirRef ? fmt(f.ms / theirRef) : '–';
    return [name, f.label, metricCell(mine), fmt(f.ms), mineRatio, theirs];
  });
  return [
    `**Beside bluebird's published figures** (${cell(p.source)}). ${p.context}`,
    mdTable(
      [
        'contestant',
        'bluebird file',
        'here, ms',
        'bluebird, ms',
        `here × ${p.reference}`,
        `bluebird × ${p.reference}`,
      ],
      rows,
      ['left', 'left', 'right', 'right', 'right', 'right'],
    ),
  ];
}

function suiteSection(s: Suite): string {
  const metricKeys = [...new Set(s.rows.flatMap((r) => Object.keys(r.metrics)))];
  const unitOf = (k: string): string => s.rows.find((r) => r.metrics[k])?.metrics[k]?.unit ?? '';
  const label = (k: string): string => LABELS[k] ?? unitOf(k);
  const header = ['contestant', 'kind', ...metricKeys.map(label), '× limit', '× async/await'];
  const align: Align[] = [
    'left',
    'left',
    ...metricKeys.map((): Align => 'right'),
    'right',
    'right',
  ];
  const rows = s.rows.map((r) => {
    const name = r.kind === 'limit' ? `${r.name} (limit)` : r.name;
    const metrics =
      r.status === 'failed'
        ? metricKeys.map((_, i) => (i === 0 ? `**failed**: ${cell(r.error ?? '')}` : '–'))
        : metricKeys.map((k) => metricCell(r.metrics[k]));
    return [name, r.kind, ...metrics, metricCell(r.ratios.toLimit), metricCell(r.ratios.toNative)];
  });
  const partial = s.rows.filter((r) => r.status === 'ok' && r.error);
  return [
    `### ${s.title}`,
    `<a id="${anchor(s)}"></a>Suite ${code(s.id)}. ${s.what}`,
    `![${s.title}](charts/${s.id}.svg)`,
    mdTable(header, rows, align),
    `**${closestSentence(s)}** ${modelRatios(s)}`,
    ...separations(s),
    ...publishedSection(s),
    `_Method_: ${s.method}`,
    ...s.notes.map((n) => `- ${n}`),
    ...partial.map((r) => `- ${r.name}: some runs failed — ${cell(r.error ?? '')}`),
  ].join('\n\n');
}

/**
 * What the profiles found in the costliest model × suite cells (ratio to async/await): what was
 * the port and is fixed, what remains and why it belongs to the model. Keyed `suite/model`.
 */
const WHY: Record<string, string> = {
  'micro.deep-10000/generators':
    'A suspended generator object per level on the Task’s trampoline stack and a Future per wait: about 45% of the profile is the collector reclaiming those 10,000 objects. Inherent to stepping generators from JavaScript: an async function’s suspended frame is V8’s own, smaller object. (Fixed: each level was a fresh generator function, whose own prototype made the Task’s duck-typed generator check megamorphic — a fifth of the profile; the levels now share one generator function, as the other contestants share one function per level.)',
  'micro.deep-10000/deferred':
    'A Deferred per level chained to the next (callback list, waitOn, continuation markers), built and walked in JavaScript where async/await’s chain is V8’s promise machinery; a third of the profile is collection. Inherent: the model’s object per level.',
  'micro.deep-10000/future':
    'A Future and a done-callback Handle per level, each run one loop iteration after the level below. (Fixed: each iteration cost a turn of Node’s loop.)',
  'micro.error-10/deferred-inline':
    'Each level throws into its generator (gen.throw), fails its Deferred and runs the errback chain. (Fixed: every failing Deferred was registered with the unhandled-error FinalizationRegistry and had its stack formatted by cleanFailure, even when handled at once — most of the cost, 7–14× async/await; now only a Deferred still failing at the end of the job is.) What remains is the generator round trip per level, inherent to inlineCallbacks.',
  'micro.error-10/future':
    'Each level is a Future whose done-callback runs one loop iteration later. (Fixed: each iteration cost a turn of Node’s loop.) What remains is an iteration — a Handle, callSoon, the batch — per level: the model’s cost.',
  'micro.error-10/generators':
    'The exception is thrown into each generator in turn (gen.throw through yield* delegation) and a Future fails at the bottom: the model’s path.',
  'micro.fan-out-1000/deferred-inline':
    'gatherResults is a DeferredList (an entry and a callback pair per Deferred), and the generator resumes once: the model’s combinator.',
  'micro.fan-out-1000/generators':
    'gather makes a GatheringFuture with a done-callback per child, each run through callSoon, then wakes the Task: the model’s combinator.',
  'micro.one-step/future':
    'A step is one loop iteration (callSoon, then the batch) instead of a microtask: the model’s cost. (Fixed: each iteration cost a turn of Node’s loop — 20× async/await.)',
  'micro.chain-10/future':
    'Ten loop iterations per chain: the model’s cost. (Fixed: each iteration cost a turn of Node’s loop — 18× async/await.)',
  'micro.one-step/generators':
    'A Task (itself a Future) per operation, stepped through a trampoline; completing it schedules its done-callback: the model’s cost.',
  'micro.chain-10/generators':
    'The trampoline resumes the generator for each step (a done Future does not suspend): the model’s cost.',
};

/** The three largest model × suite ratios to async/await among the timed suites, and why. */
function costliest(report: BenchReport): string[] {
  const cells = report.suites
    .filter((s) => s.primary !== 'heapBytesPerOp' && s.better === 'lower' && s.native)
    .flatMap((s) =>
      s.rows
        .filter((r) => r.kind === 'model' && r.name !== s.native && r.ratios.toNative?.runs)
        .map((r) => ({ suite: s, row: r, ratio: r.ratios.toNative as Figure })),
    )
    .sort((a, b) => b.ratio.median - a.ratio.median)
    .slice(0, 3);
  if (cells.length === 0) return [];
  return [
    '## The costliest cells: what the profiles found',
    'The three largest ratios of a model to async/await in the timed suites of this run, each profiled (`node --cpu-prof`). What was the port — this code, not the model — has been fixed; what remains, and why it belongs to the model:',
    cells
      .map(
        ({ suite, row, ratio }) =>
          `- **${row.name} in [${suite.title}](#${anchor(suite)})**, ${fmtRatio(ratio)} async/await: ${WHY[`${suite.id}/${row.name}`] ?? 'not profiled yet.'}`,
      )
      .join('\n'),
  ];
}

/** The whole RESULTS.md. `jsonPath` is the results file relative to RESULTS.md. */
export function resultsMarkdown(report: BenchReport, jsonPath: string): string {
  return `${[
    '# async-rosetta — benchmark results',
    `Generated by ${code('pnpm bench')} from [${jsonPath}](${jsonPath}); do not edit by hand. How the figures are made: [README.md](README.md). Regenerate this page from the JSON with ${code(`node bench/dist/run.js --report bench/${jsonPath}`)}.`,
    '**How to read the ratios.** "× limit" is how many times the limit’s cost a contestant pays: time per operation or memory divided by the limit’s, or, for throughput, the limit’s rate divided by the contestant’s. 1.00 is the limit; 3.0 means three times the time (or a third of the requests per second). "× async/await" is the same against native async/await.',
    '## Context',
    context(report, jsonPath),
    '## How far these figures go',
    caveats(report),
    '## Summary: the model closest to the limit, per suite',
    summary(report),
    ...costliest(report),
    '## Suites',
    ...report.suites.map(suiteSection),
  ].join('\n\n')}\n`;
}
