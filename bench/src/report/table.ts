/**
 * The console table `pnpm bench` prints: per suite, each row's primary figure
 * (median, min–max) and its ratios to the limit and to native async/await.
 * Read closest.ts next.
 */
import type { BenchReport, Suite } from '../schema.js';
import { fmtFigure } from '../stats.js';
import { closestSentence } from './closest.js';

function pad(cells: string[][]): string {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? [];
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One suite as text. */
export function suiteTable(suite: Suite): string {
  const unit = suite.rows.find((r) => r.metrics[suite.primary])?.metrics[suite.primary]?.unit ?? '';
  const header = [
    '',
    'kind',
    `${unit} (${suite.better} is better)`,
    '× limit cost',
    '× async/await cost',
    '',
  ];
  const rows = suite.rows.map((r) => [
    r.name,
    r.kind,
    fmtFigure(r.metrics[suite.primary]),
    fmtFigure(r.ratios.toLimit),
    fmtFigure(r.ratios.toNative),
    r.error ? `! ${r.error.slice(0, 80)}` : '',
  ]);
  return `${suite.title} [${suite.id}]\n${pad([header, ...rows])}\n${closestSentence(suite)}\n`;
}

/** The whole report as text. */
export function reportTable(report: BenchReport): string {
  const m = report.meta;
  const head = `async-rosetta bench — ${m.date} — ${m.commit}${m.dirty ? ' (dirty)' : ''} — Node ${m.node} — ${m.cpu} × ${m.cores}${m.quick ? ' — QUICK (not for citing)' : ''}`;
  return `${head}\n\n${report.suites.map(suiteTable).join('\n')}`;
}
