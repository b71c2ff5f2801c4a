/**
 * Turns per-run measurements into a Suite: a Figure per metric, and the ratios
 * to the limit and to native async/await computed run by run (runs are
 * interleaved, so run i of a model and run i of the limit saw the same machine
 * state) before they are summarised. Read micro/suite.ts next.
 */
import type { Kind, Row, Suite } from './schema.js';
import { figure } from './stats.js';

/** What a suite runner collects for one contestant: per metric, one value per run (NaN where a run failed). */
export interface RawRow {
  name: string;
  kind: Kind;
  description: string;
  error?: string;
  perRun: Record<string, number[]>;
}

export type SuiteHead = Omit<Suite, 'rows'>;

/** Units of the metrics a suite reports, by metric key. */
export type Units = Record<string, string>;

/** Builds the suite's rows: figures, paired ratios, and 'failed' for a row with no complete run. */
export function buildSuite(head: SuiteHead, units: Units, raws: RawRow[]): Suite {
  const primaryOf = (name: string | undefined): number[] | undefined =>
    raws.find((r) => r.name === name)?.perRun[head.primary];
  const ratioTo = (
    own: number[] | undefined,
    ref: number[] | undefined,
  ): Row['ratios']['toLimit'] => {
    if (!own || !ref) return undefined;
    const per = own.map((v, i) =>
      head.better === 'lower' ? v / (ref[i] as number) : (ref[i] as number) / v,
    );
    const f = figure(per, '×');
    return f.runs > 0 ? f : undefined;
  };
  const limit = primaryOf(head.limit);
  const native = primaryOf(head.native);
  const rows = raws.map((raw): Row => {
    // A metric with no complete run is left out (the row's error says why), so every Figure has numbers.
    const metrics = Object.fromEntries(
      Object.entries(raw.perRun)
        .map(([k, values]) => [k, figure(values, units[k] ?? '')] as const)
        .filter(([, f]) => f.runs > 0),
    );
    const ok = (metrics[head.primary]?.runs ?? 0) > 0;
    const row: Row = {
      name: raw.name,
      kind: raw.kind,
      description: raw.description,
      status: ok ? 'ok' : 'failed',
      metrics,
      ratios: {},
    };
    if (raw.error || !ok) row.error = raw.error ?? 'no run completed';
    const own = raw.perRun[head.primary];
    const toLimit = ratioTo(own, limit);
    const toNative = head.native ? ratioTo(own, native) : undefined;
    if (toLimit) row.ratios.toLimit = toLimit;
    if (toNative) row.ratios.toNative = toNative;
    return row;
  });
  return { ...head, rows };
}

/** Rotates `xs` by `k`: run k starts with a different contestant, so no one always goes first. */
export function rotate<T>(xs: readonly T[], k: number): T[] {
  if (xs.length === 0) return [];
  const s = k % xs.length;
  return [...xs.slice(s), ...xs.slice(0, s)];
}
