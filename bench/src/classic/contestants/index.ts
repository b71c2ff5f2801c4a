/**
 * Every classic contestant, in the order the tables list them (the limit, the
 * models, the peers): the same names as the micro contestants, whose kind and
 * description the tables reuse. Read ../world.ts for the fake world.
 */
import type { ClassicContestant } from '../world.js';
import { asyncawait } from './asyncawait.js';
import { callback } from './callback.js';
import { coPeer } from './co.js';
import { deferred, deferredInline } from './deferred.js';
import { fpts } from './fp-ts.js';
import { future } from './future.js';
import { generators } from './generators.js';
import { promise } from './promise.js';
import { rxjs } from './rxjs.js';

export const classicContestants: readonly ClassicContestant[] = [
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
