/**
 * The model registry: every adapter the conformance suite, the demo, the CLI, the
 * benchmarks and the report run over, in the one model order used everywhere — the
 * historical order: deferred, deferred-inline, future, generators, asyncawait.
 * Adding a model is adding one line here.
 */
import { asyncawait } from './asyncawait.js';
import type { ModelAdapter } from './contract.js';
import { deferred, deferredInline } from './deferred.js';
import { future } from './future.js';
import { generators } from './generators.js';

export const models: readonly ModelAdapter[] = [
  deferred,
  deferredInline,
  future,
  generators,
  asyncawait,
];

/** The model names in the one order. */
export const modelNames: readonly string[] = models.map((m) => m.name);

/** The adapter named `name`, or undefined. */
export function findModel(name: string): ModelAdapter | undefined {
  return models.find((m) => m.name === name);
}
