/**
 * Every micro-benchmark contestant: the limit, the models, the peers — in the
 * order the tables list them. Adding a model is adding one line here.
 * Read ../contestant.ts for what each one does.
 */
import type { Contestant } from '../contestant.js';
import { asyncawait } from './asyncawait.js';
import { callback } from './callback.js';
import { coPeer } from './co.js';
import { deferred, deferredInline } from './deferred.js';
import { fpts } from './fp-ts.js';
import { future } from './future.js';
import { generators } from './generators.js';
import { promise } from './promise.js';
import { rxjs } from './rxjs.js';

export const contestants: readonly Contestant[] = [
  callback,
  deferred,
  deferredInline,
  future,
  generators,
  asyncawait,
  promise,
  coPeer,
  rxjs,
  fpts,
];

/** The contestant named `name`, or undefined. */
export function findContestant(name: string): Contestant | undefined {
  return contestants.find((c) => c.name === name);
}
