/**
 * Twisted model, inlineCallbacks — the six demos of the 2013 Tulip talk, the same as
 * ../demos.ts written as generators: `yield d` waits for a Deferred, so foo and bar read
 * like the talk's `yield from` coroutines.
 * Contract: each demo returns a Deferred of its event log (task-spec/src/demos.ts says what
 * each must show). "When both are done" is a DeferredList; "as each finishes" is a callback
 * on each Deferred; the thread demos use `deferToThread` and `reactor.callFromThread`.
 * Lineage: feihong/tulip-talk demos/1-serial/demo.py … demos/6-call_soon_threadsafe/demo.py,
 * rewritten with Twisted's @inlineCallbacks (twisted/internet/defer.py).
 * Read next: ../../threads.ts (deferToThread), then packages/future/src/tasks/demos.ts.
 */
import {
  type DemoEvent,
  DemoLog,
  type DemoName,
  type DemoOptions,
  type DemoSettings,
  demoSettings,
  makeWidgetsSynchronously,
} from '@async-rosetta/task-spec';
import type { Deferred } from '../../deferred.js';
import { DeferredList } from '../../deferred-list.js';
import { inlineCallbacks } from '../../inline-callbacks.js';
import { deferToThread } from '../../threads.js';
import { deferLater } from '../support/demos.js';

type Lane = 'foo' | 'bar';

/** The demo's settings; a bad option throws its EINVAL error, so the demo's Deferred fails. */
function settings(name: DemoName, o: DemoOptions): DemoSettings {
  const { options, error } = demoSettings(name, o);
  if (error) throw error;
  return options;
}

/** `count` widgets, one step each, logged in `lane`; returns '<lane> is done!'. */
const makeWidgets = inlineCallbacks(function* (
  log: DemoLog,
  lane: Lane,
  count: number,
  stepMs: number,
) {
  for (let i = 0; i < count; i++) {
    yield deferLater(stepMs);
    log.add(lane, `widget ${i}`);
  }
  return `${lane} is done!`;
});

/** Logs each result in `main` as it arrives, and fires with the log once all have. */
const logAsCompleted = inlineCallbacks(function* (log: DemoLog, ds: Deferred<string>[]) {
  for (const d of ds) d.addCallback((result) => log.add('main', result));
  yield new DeferredList(ds, { fireOnOneErrback: true });
  return log.entries;
});

/** Foo runs, then bar runs. */
export const serial = inlineCallbacks(function* (o: DemoOptions = {}) {
  const { stepMs, foo, bar } = settings('serial', o);
  const log = new DemoLog();
  log.add('main', yield makeWidgets(log, 'foo', foo, stepMs));
  log.add('main', yield makeWidgets(log, 'bar', bar, stepMs));
  return log.entries;
});

/** Foo and bar run at the same time; main polls until both are done (the anti-pattern). */
export const simultaneous = inlineCallbacks(function* (o: DemoOptions = {}) {
  const { stepMs, foo, bar, pollMs } = settings('simultaneous', o);
  const log = new DemoLog();
  const task1 = makeWidgets(log, 'foo', foo, stepMs);
  const task2 = makeWidgets(log, 'bar', bar, stepMs);
  while (!(task1.called && task2.called)) {
    log.add('main', 'poll');
    yield deferLater(pollMs);
  }
  log.add('main', yield task1);
  log.add('main', yield task2);
  return log.entries;
});

/** Do something after foo and bar are both done. */
export const wait = inlineCallbacks(function* (o: DemoOptions = {}) {
  const { stepMs, foo, bar } = settings('wait', o);
  const log = new DemoLog();
  const both = [makeWidgets(log, 'foo', foo, stepMs), makeWidgets(log, 'bar', bar, stepMs)];
  const entries: [boolean, string][] = yield new DeferredList(both, { fireOnOneErrback: true });
  for (const [, result] of entries) log.add('main', result);
  return log.entries;
});

/** Do something when either foo or bar finishes. */
export const asCompleted = inlineCallbacks(function* (o: DemoOptions = {}) {
  const { stepMs, foo, bar } = settings('asCompleted', o);
  const log = new DemoLog();
  const entries: DemoEvent[] = yield logAsCompleted(log, [
    makeWidgets(log, 'foo', foo, stepMs),
    makeWidgets(log, 'bar', bar, stepMs),
  ]);
  return entries;
});

/** Bar runs synchronous code in a thread; foo goes on meanwhile. */
export const executor = inlineCallbacks(function* (o: DemoOptions = {}) {
  const { stepMs, foo, bar } = settings('executor', o);
  const log = new DemoLog();
  const barInThread = inlineCallbacks(function* () {
    log.add('main', 'Starting bar work in another thread.');
    const times: number[] = yield deferToThread(makeWidgetsSynchronously, bar, stepMs, log.start);
    for (const [i, t] of times.entries()) log.at(t, 'thread', `widget ${i}`); // made back then
    for (const i of times.keys()) log.add('bar', `widget ${i}`); // bar gets them now
    return 'bar is done!';
  });
  log.add('main', 'Starting foo.');
  const entries: DemoEvent[] = yield logAsCompleted(log, [
    makeWidgets(log, 'foo', foo, stepMs),
    barInThread(),
  ]);
  return entries;
});

/** Bar runs in a thread but hands each widget to the reactor as it makes it. */
export const threadsafe = inlineCallbacks(function* (o: DemoOptions = {}) {
  const { stepMs, foo, bar } = settings('threadsafe', o);
  const log = new DemoLog();
  // Called in the thread, runs here: reactor.callFromThread(made, i, t), one call per widget.
  const made = (i: number, t: number): void => {
    log.at(t, 'thread', `widget ${i}`);
    log.add('bar', `widget ${i}`);
  };
  const barInThread = inlineCallbacks(function* () {
    log.add('main', 'Starting bar work in another thread.');
    yield deferToThread(makeWidgetsSynchronously, bar, stepMs, log.start, made);
    return 'bar is done!';
  });
  log.add('main', 'Starting foo.');
  const entries: DemoEvent[] = yield logAsCompleted(log, [
    makeWidgets(log, 'foo', foo, stepMs),
    barInThread(),
  ]);
  return entries;
});
