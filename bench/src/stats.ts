/**
 * Bench statistics: a figure is never a bare number but its median over several
 * runs with the min–max spread and the run count (STYLE.md: "benchmark results
 * are data with their context"). Read schema.ts next.
 */
import type { Figure } from './schema.js';

/** The median of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Summarises the per-run values of one measurement.
 * @example figure([3, 1, 2], 'ns/op') // { median: 2, min: 1, max: 3, runs: 3, unit: 'ns/op', values: [3, 1, 2] }
 */
export function figure(values: readonly number[], unit: string): Figure {
  const finite = values.filter(Number.isFinite);
  return {
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
    runs: finite.length,
    unit,
    values: finite.map(round4),
  };
}

/** Four significant digits: enough for any figure here, and a readable JSON file. */
export function round4(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(4)) : x;
}

/** Formats a number for tables: 4 significant digits, thousands grouped. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** `median (min–max)` for tables. */
export function fmtFigure(f: Figure | undefined): string {
  if (!f || f.runs === 0) return '–';
  if (f.runs === 1) return fmt(f.median);
  return `${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)})`;
}

/** A ratio for prose: `2.41× (2.30–2.60)`. */
export function fmtRatio(f: Figure | undefined): string {
  if (!f || f.runs === 0) return '–';
  return f.runs === 1 ? `${fmt(f.median)}×` : `${fmt(f.median)}× (${fmt(f.min)}–${fmt(f.max)})`;
}
