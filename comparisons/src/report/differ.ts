/**
 * "How the models differ": one row per model, from each adapter's `facts`
 * (comparisons/src/models) and the latest benchmark run — never typed into the page.
 * Contract: stack safety is the bench's 10,000-deep chain (`micro.deep-*`): it completes or
 * it fails with its error; memory per pending operation is the bench's `micro.memory`
 * median. A figure the run lacks reads "not measured".
 * Lineage: the comparison tables of Hyperpolyglot. Read hash.ts next.
 */
import type { ModelAdapter } from '../models/contract.js';
import type { LatestBench } from './bench.js';

export interface DifferRow {
  model: string;
  cells: Record<string, string>;
}

export const DIFFER_COLUMNS: readonly [key: string, title: string][] = [
  ['continuation', 'a continuation runs'],
  ['errorChannel', 'error channel'],
  ['cancellation', 'cancellation'],
  ['deadline', 'deadline'],
  ['backpressure', 'backpressure'],
  ['concurrencyBound', 'concurrency bound'],
  ['stackSafety', 'stack safety (10,000-deep chain)'],
  ['memory', 'memory per pending operation'],
];

const bytes = (n: number): string => `${Math.round(n).toLocaleString('en-US')} B`;

/** The rows of the table, in registry order. */
export function differRows(
  models: readonly ModelAdapter[],
  bench: LatestBench | null,
): DifferRow[] {
  const suites = bench?.report.suites ?? [];
  const deep = suites.find((s) => s.id.startsWith('micro.deep'));
  const memory = suites.find((s) => s.id === 'micro.memory');
  return models.map((m) => {
    const deepRow = deep?.rows.find((r) => r.name === m.name);
    const memRow = memory?.rows.find((r) => r.name === m.name);
    const memFigure = memRow?.status === 'ok' ? memRow.metrics[memory!.primary] : undefined;
    const stackSafety = !deepRow
      ? 'not measured'
      : deepRow.status === 'ok'
        ? 'completes'
        : `fails: ${(deepRow.error ?? 'no result').split('\n')[0]!.slice(0, 90)}`;
    return {
      model: m.name,
      cells: {
        continuation: m.facts.continuation,
        errorChannel: m.facts.errorChannel,
        cancellation: m.facts.cancellation,
        deadline: m.facts.deadline,
        backpressure: m.facts.backpressure,
        concurrencyBound: m.facts.concurrencyBound,
        stackSafety,
        memory: memFigure
          ? `${bytes(memFigure.median)} (${bytes(memFigure.min)}–${bytes(memFigure.max)})`
          : 'not measured',
      },
    };
  });
}
