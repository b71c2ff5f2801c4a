/**
 * Twisted model — what both styles of the Tulip-talk demos share: a Deferred that fires
 * later (one widget's step; main's poll interval).
 * Contract: the Deferred fires `ms` from now, from the reactor's timer.
 * Lineage: twisted/internet/task.py (deferLater). Read ../demos.ts, then ../inline/demos.ts.
 */
import { Deferred } from '../../deferred.js';
import { reactor } from '../../reactor.js';

/** A Deferred that fires `ms` from now (Twisted's `task.deferLater(reactor, ms)`). */
export function deferLater(ms: number): Deferred<void> {
  const d = new Deferred<void>();
  reactor.callLater(ms, () => d.callback(undefined));
  return d;
}
