/**
 * Percentiles of sorted samples (nearest rank). Read idle-client.ts next.
 */

/** The value below which a fraction `q` of the sorted `xs` lie (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
