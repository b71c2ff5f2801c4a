/**
 * Which model comes closest to the limit in a suite: the lowest median ratio
 * to the limit among the rows of kind 'model'. Read markdown.ts next.
 */
import type { Row, Suite } from '../schema.js';

/** The model row with the smallest median ratio to the limit, or undefined when none has one. */
export function closestModel(suite: Suite): Row | undefined {
  return suite.rows
    .filter((r) => r.kind === 'model' && r.status === 'ok' && r.ratios.toLimit)
    .sort((a, b) => (a.ratios.toLimit?.median ?? Infinity) - (b.ratios.toLimit?.median ?? Infinity))[0];
}
