/**
 * Markdown tables laid out the way the repository's formatter (Biome) lays
 * them out — columns padded to their widest cell, numbers right-aligned — so
 * the generated RESULTS.md passes `pnpm lint` as written. Read markdown.ts next.
 */

export type Align = 'left' | 'right';

const width = (s: string): number => [...s].length;

/** A table with a header row; `align` per column (default left). */
export function mdTable(header: string[], rows: string[][], align: Align[] = []): string {
  const widths = header.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number): string => {
    const fill = ' '.repeat((widths[i] ?? 0) - width(s));
    return align[i] === 'right' ? fill + s : s + fill;
  };
  const line = (cells: string[]): string =>
    `| ${header.map((_, i) => pad(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
