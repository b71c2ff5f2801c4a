/**
 * The model registry: every adapter the conformance suite, the demo and the
 * benchmarks run over. Adding a model is adding one line here.
 */
import { asyncawait } from './asyncawait.js';
import type { ModelAdapter } from './contract.js';
import { deferred, deferredInline } from './deferred.js';
import { future } from './future.js';
import { generators } from './generators.js';

export const models: readonly ModelAdapter[] = [
  asyncawait,
  future,
  generators,
  deferred,
  deferredInline,
];

/** The adapter named `name`, or undefined. */
export function findModel(name: string): ModelAdapter | undefined {
  return models.find((m) => m.name === name);
}
