/**
 * Which model comes closest to the limit in a suite: the lowest median ratio
 * to the limit among the rows of kind 'model'. When the limit itself has no
 * figure (plain callbacks overflow the stack in the deep chain), the models
 * are ranked against native async/await instead, and the sentence says so.
 * Read markdown.ts next.
 */
import type { Row, Suite } from '../schema.js';
import { fmtRatio } from '../stats.js';

export interface Closest {
  row: Row;
  against: 'limit' | 'native';
}

const best = (rows: Row[], key: 'toLimit' | 'toNative'): Row | undefined =>
  rows
    .filter((r) => r.kind === 'model' && r.status === 'ok' && r.ratios[key])
    .sort((a, b) => (a.ratios[key]?.median ?? Infinity) - (b.ratios[key]?.median ?? Infinity))[0];

/** The model row closest to the limit (or, failing a limit figure, to native async/await). */
export function closestModel(suite: Suite): Closest | undefined {
  const toLimit = best(suite.rows, 'toLimit');
  if (toLimit) return { row: toLimit, against: 'limit' };
  const toNative = best(suite.rows, 'toNative');
  return toNative ? { row: toNative, against: 'native' } : undefined;
}

/** One sentence naming the closest model, for the table and RESULTS.md. */
export function closestSentence(suite: Suite): string {
  const c = closestModel(suite);
  const limit = suite.rows.find((r) => r.name === suite.limit);
  if (!c) return 'No model has a figure in this suite.';
  const tie = tiedWith(suite, c);
  const tieText = tie.length ? ` — not a clear lead: within the spread of ${tie.join(', ')}` : '';
  if (c.against === 'limit') {
    return `Closest model to the limit: ${c.row.name}, at ${fmtRatio(c.row.ratios.toLimit)} the limit's cost${tieText}.`;
  }
  return `The limit (${suite.limit}) has no figure here${limit?.error ? ` — ${limit.error}` : ''}. Ranked against native async/await instead, the best model is ${c.row.name}, at ${fmtRatio(c.row.ratios.toNative)} its cost${tieText}.`;
}

/** The other models whose ratio range overlaps the closest model's: the lead is not measurable over them. */
export function tiedWith(suite: Suite, c: Closest): string[] {
  const key = c.against === 'limit' ? 'toLimit' : 'toNative';
  const best = c.row.ratios[key];
  if (!best || best.runs < 2) return [];
  return suite.rows
    .filter((r) => r !== c.row && r.kind === 'model' && r.status === 'ok')
    .filter((r) => (r.ratios[key]?.min ?? Infinity) <= best.max)
    .map((r) => r.name);
}

/** Each model's ratio to the reference the closest model was ranked against, in one line. */
export function modelRatios(suite: Suite): string {
  const against = closestModel(suite)?.against ?? 'limit';
  const models = suite.rows.filter((r) => r.kind === 'model');
  if (models.length === 0) return 'No model registered.';
  const list = models
    .map(
      (r) =>
        `${r.name} ${r.status === 'failed' ? 'failed' : fmtRatio(against === 'limit' ? r.ratios.toLimit : r.ratios.toNative)}`,
    )
    .join(', ');
  return `Each model against ${against === 'limit' ? 'the limit' : 'native async/await'}: ${list}.`;
}
