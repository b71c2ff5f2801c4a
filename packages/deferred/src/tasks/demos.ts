/**
 * Twisted model, chained callbacks — the six demos of the 2013 Tulip talk: foo and bar make
 * widgets, and each demo shows one way to run them: one after the other, at once, joined,
 * handled as each finishes, and in a thread (the reactor's pool: `deferToThread`, reporting
 * back through `reactor.callFromThread`).
 * Contract: each demo returns a Deferred of its event log (task-spec/src/demos.ts says what
 * each must show). A loop of steps is a chain built ahead; "when both are done" is a
 * DeferredList; "as each finishes" is a callback on each Deferred.
 * Lineage: feihong/tulip-talk demos/1-serial/demo.py … demos/6-call_soon_threadsafe/demo.py,
 * rewritten the Twisted way (twisted/internet/defer.py, twisted/internet/threads.py).
 * Read next: inline/demos.ts (the same with inlineCallbacks), then threads.ts.
 */
import {
  type DemoEvent,
  DemoLog,
  type DemoOptions,
  demoSettings,
  makeWidgetsSynchronously,
} from '@async-rosetta/task-spec';
import { Deferred, fail, succeed } from '../deferred.js';
import { DeferredList } from '../deferred-list.js';
import { reactor } from '../reactor.js';
import { deferToThread } from '../threads.js';
import { deferLater } from './support/demos.js';

type Lane = 'foo' | 'bar';

/** `count` widgets, one step each, logged in `lane`; fires with '<lane> is done!'. */
function makeWidgets(log: DemoLog, lane: Lane, count: number, stepMs: number): Deferred<string> {
  let d: Deferred<unknown> = succeed(undefined);
  for (let i = 0; i < count; i++) {
    d = d.addCallback(() => deferLater(stepMs)).addCallback(() => log.add(lane, `widget ${i}`));
  }
  return d.addCallback(() => `${lane} is done!`);
}

/** Logs each result in `main` as it arrives, and fires with the log once all have. */
function logAsCompleted(log: DemoLog, ds: Deferred<string>[]): Deferred<DemoEvent[]> {
  for (const d of ds) d.addCallback((result) => log.add('main', result));
  return new DeferredList(ds, { fireOnOneErrback: true }).addCallback(() => log.entries);
}

/** Foo runs, then bar runs. */
export function serial(o: DemoOptions = {}): Deferred<DemoEvent[]> {
  const { options, error } = demoSettings('serial', o);
  if (error) return fail(error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  return makeWidgets(log, 'foo', foo, stepMs)
    .addCallback((result) => log.add('main', result))
    .addCallback(() => makeWidgets(log, 'bar', bar, stepMs))
    .addCallback((result) => log.add('main', result))
    .addCallback(() => log.entries);
}

/** Foo and bar run at the same time; main polls until both are done (the anti-pattern). */
export function simultaneous(o: DemoOptions = {}): Deferred<DemoEvent[]> {
  const { options, error } = demoSettings('simultaneous', o);
  if (error) return fail(error);
  const { stepMs, foo, bar, pollMs } = options;
  const log = new DemoLog();
  const results: (string | undefined)[] = [undefined, undefined];
  makeWidgets(log, 'foo', foo, stepMs).addCallback((result) => (results[0] = result));
  makeWidgets(log, 'bar', bar, stepMs).addCallback((result) => (results[1] = result));
  const done = new Deferred<DemoEvent[]>();
  const poll = (): void => {
    if (results.every((result) => result !== undefined)) {
      for (const result of results) log.add('main', result);
      done.callback(log.entries);
    } else {
      log.add('main', 'poll');
      reactor.callLater(pollMs, poll);
    }
  };
  poll();
  return done;
}

/** Do something after foo and bar are both done. */
export function wait(o: DemoOptions = {}): Deferred<DemoEvent[]> {
  const { options, error } = demoSettings('wait', o);
  if (error) return fail(error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  const both = [makeWidgets(log, 'foo', foo, stepMs), makeWidgets(log, 'bar', bar, stepMs)];
  return new DeferredList(both, { fireOnOneErrback: true }).addCallback((entries) => {
    for (const [, result] of entries) log.add('main', String(result));
    return log.entries;
  });
}

/** Do something when either foo or bar finishes. */
export function asCompleted(o: DemoOptions = {}): Deferred<DemoEvent[]> {
  const { options, error } = demoSettings('asCompleted', o);
  if (error) return fail(error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  return logAsCompleted(log, [
    makeWidgets(log, 'foo', foo, stepMs),
    makeWidgets(log, 'bar', bar, stepMs),
  ]);
}

/** Bar runs synchronous code in a thread; foo goes on meanwhile. */
export function executor(o: DemoOptions = {}): Deferred<DemoEvent[]> {
  const { options, error } = demoSettings('executor', o);
  if (error) return fail(error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  log.add('main', 'Starting foo.');
  const fooDone = makeWidgets(log, 'foo', foo, stepMs);
  log.add('main', 'Starting bar work in another thread.');
  const barDone = deferToThread(makeWidgetsSynchronously, bar, stepMs, log.start).addCallback(
    (times) => {
      for (const [i, t] of times.entries()) log.at(t, 'thread', `widget ${i}`); // made back then
      for (const i of times.keys()) log.add('bar', `widget ${i}`); // bar gets them now
      return 'bar is done!';
    },
  );
  return logAsCompleted(log, [fooDone, barDone]);
}

/** Bar runs in a thread but hands each widget to the reactor as it makes it. */
export function threadsafe(o: DemoOptions = {}): Deferred<DemoEvent[]> {
  const { options, error } = demoSettings('threadsafe', o);
  if (error) return fail(error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  log.add('main', 'Starting foo.');
  const fooDone = makeWidgets(log, 'foo', foo, stepMs);
  log.add('main', 'Starting bar work in another thread.');
  // Called in the thread, runs here: reactor.callFromThread(made, i, t), one call per widget.
  const made = (i: number, t: number): void => {
    log.at(t, 'thread', `widget ${i}`);
    log.add('bar', `widget ${i}`);
  };
  const barDone = deferToThread(makeWidgetsSynchronously, bar, stepMs, log.start, made).addCallback(
    () => 'bar is done!',
  );
  return logAsCompleted(log, [fooDone, barDone]);
}
