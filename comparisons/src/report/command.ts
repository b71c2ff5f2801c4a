/**
 * The rosetta command: `rosetta report [--out DIR] [--models a,b,…] [--slides]` writes
 * DIR/index.html (the page), DIR/REPORT.md with DIR/charts/*.svg and the demos' timelines
 * DIR/timelines/<demo>-<model>.svg, and with --slides
 * DIR/slides/*.{svg,png}; DIR defaults to report/ at the repository root.
 * Contract: exit 0 with one line per file group written and the findings; bad usage (an
 * unknown model, fewer than two) is a UsageError; the page embeds the hash of its inputs
 * (hash.ts) so a test can tell when the committed report is stale.
 * Read data.ts for what is gathered, html.ts for the page.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { barChart } from '../../../bench/src/report/charts.js';
import { parse } from '../cli/args.js';
import type { Io } from '../cli/io.js';
import { UsageError } from '../cli/usage.js';
import type { ModelAdapter } from '../models/contract.js';
import { findingSentences, gather } from './data.js';
import { createCodeHighlighter } from './highlight.js';
import { type Chart, renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { writeSlides } from './slides.js';
import { timelinePath } from './timeline.js';

/** The repository root: the nearest folder above this module with pnpm-workspace.yaml. */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir)
      throw Object.assign(new Error('not inside the async-rosetta repository'), { code: 'ENOENT' });
    dir = up;
  }
  return dir;
}

/** The models `--models a,b,…` names, in registry order (all when absent). */
export function pickReportModels(
  all: readonly ModelAdapter[],
  raw: string | undefined,
): ModelAdapter[] {
  if (raw === undefined) return [...all];
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names)
    if (!all.some((m) => m.name === n))
      throw new UsageError(`unknown model '${n}' (known: ${all.map((m) => m.name).join(', ')})`);
  const picked = all.filter((m) => names.includes(m.name));
  if (picked.length < 2)
    throw new UsageError('--models needs at least two models to put side by side');
  return picked;
}

/** Runs `rosetta report`; resolves with the exit status. */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    out: { type: 'string' },
    models: { type: 'string' },
    slides: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const models = pickReportModels(io.models, values.models);
  const started = performance.now();
  const root = repoRoot();
  const out = resolve(values.out ?? join(root, 'report'));
  const data = await gather(root, models);
  const suites = data.bench?.report.suites ?? [];
  const meta = data.bench?.report.meta;
  const charts: Chart[] = meta
    ? await Promise.all(
        suites.map(async (s) => ({ id: s.id, title: s.title, svg: await barChart(s, meta) })),
      )
    : [];
  const hl = await createCodeHighlighter();
  try {
    mkdirSync(join(out, 'charts'), { recursive: true });
    for (const f of readdirSync(join(out, 'charts')))
      if (f.endsWith('.svg')) rmSync(join(out, 'charts', f));
    for (const c of charts) writeFileSync(join(out, 'charts', `${c.id}.svg`), c.svg);
    mkdirSync(join(out, 'timelines'), { recursive: true });
    for (const f of readdirSync(join(out, 'timelines')))
      if (f.endsWith('.svg')) rmSync(join(out, 'timelines', f));
    for (const t of data.timelines) writeFileSync(join(out, timelinePath(t)), t.svg);
    writeFileSync(join(out, 'index.html'), renderHtml(data, hl, charts));
    writeFileSync(join(out, 'REPORT.md'), renderMarkdown(data, charts));
    io.out(
      `wrote ${join(out, 'index.html')}, ${join(out, 'REPORT.md')}, ${charts.length} charts and ${data.timelines.length} demo timelines`,
    );
    if (values.slides) {
      const big = meta
        ? await Promise.all(
            suites.map(async (s) => ({
              id: s.id,
              title: s.title,
              svg: await barChart(s, meta, { width: 1300, band: 54, fontSize: 24 }),
            })),
          )
        : [];
      const n = await writeSlides(data, hl, big, out);
      io.out(`wrote ${n} slide files (1920×1080 SVG and PNG) in ${join(out, 'slides')}`);
    }
  } finally {
    hl.dispose();
  }
  for (const s of findingSentences(data)) io.out(s);
  io.out(`inputs sha256 ${data.hash}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
