/**
 * asyncio-callback model — the six demos of the 2013 Tulip talk written "with callbacks":
 * foo and bar make widgets, each step scheduled with `loop.callLater` from the previous
 * one, and each demo runs them one way: one after the other, at once, joined, handled as
 * each finishes, and in a thread (`loop.runInExecutor`, reporting back through
 * `loop.callSoonThreadsafe`).
 * Contract: each demo returns a Future of its event log (task-spec/src/demos.ts says what
 * each must show); a failure of a part fails that Future.
 * Lineage: feihong/tulip-talk demos/1-serial/demo.py … demos/6-call_soon_threadsafe/demo.py,
 * with asyncio's run_in_executor and call_soon_threadsafe (Lib/asyncio/base_events.py).
 * Read next: packages/generators/src/tasks/demos.ts, the same demos as coroutines.
 */
import {
  type DemoEvent,
  DemoLog,
  type DemoOptions,
  demoSettings,
  makeWidgetsSynchronously,
} from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import { type EventLoop, getEventLoop } from '../loop.js';
import { failed } from './support/start.js';

type Lane = 'foo' | 'bar';

/** Hands `part`'s result to `onResult`, or its failure to `whole`: a done-callback, Tulip style. */
function onSuccess<T>(whole: Future<unknown>, part: Future<T>, onResult: (value: T) => void): void {
  part.addDoneCallback((f) => {
    if (whole.done()) return;
    if (f.cancelled()) whole.cancel();
    else if (f.exception() !== null) whole.setException(f.exception());
    else onResult(f.result());
  });
}

/** `count` widgets, one `callLater` step each, logged in `lane`; then '<lane> is done!'. */
function makeWidgets(
  loop: EventLoop,
  log: DemoLog,
  lane: Lane,
  count: number,
  stepMs: number,
): Future<string> {
  const done = loop.createFuture<string>();
  let made = 0;
  const step = (): void => {
    if (made === count) done.setResult(`${lane} is done!`);
    else {
      loop.callLater(stepMs, () => {
        log.add(lane, `widget ${made++}`);
        step();
      });
    }
  };
  step();
  return done;
}

/** Logs each result in `main` as its Future completes; the log once all have. */
function logAsCompleted(
  loop: EventLoop,
  log: DemoLog,
  parts: Future<string>[],
): Future<DemoEvent[]> {
  const all = loop.createFuture<DemoEvent[]>();
  let left = parts.length;
  for (const part of parts) {
    onSuccess(all, part, (result) => {
      log.add('main', result);
      if (--left === 0) all.setResult(log.entries);
    });
  }
  return all;
}

/** Foo runs, then bar runs. */
export function serial(o: DemoOptions = {}): Future<DemoEvent[]> {
  const loop = getEventLoop();
  const { options, error } = demoSettings('serial', o);
  if (error) return failed(loop, error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  const all = loop.createFuture<DemoEvent[]>();
  onSuccess(all, makeWidgets(loop, log, 'foo', foo, stepMs), (fooResult) => {
    log.add('main', fooResult);
    onSuccess(all, makeWidgets(loop, log, 'bar', bar, stepMs), (barResult) => {
      log.add('main', barResult);
      all.setResult(log.entries);
    });
  });
  return all;
}

/** Foo and bar run at the same time; main polls until both are done (the anti-pattern). */
export function simultaneous(o: DemoOptions = {}): Future<DemoEvent[]> {
  const loop = getEventLoop();
  const { options, error } = demoSettings('simultaneous', o);
  if (error) return failed(loop, error);
  const { stepMs, foo, bar, pollMs } = options;
  const log = new DemoLog();
  const all = loop.createFuture<DemoEvent[]>();
  const task1 = makeWidgets(loop, log, 'foo', foo, stepMs);
  const task2 = makeWidgets(loop, log, 'bar', bar, stepMs);
  const poll = (): void => {
    if (task1.done() && task2.done()) {
      log.add('main', task1.result());
      log.add('main', task2.result());
      all.setResult(log.entries);
    } else {
      log.add('main', 'poll');
      loop.callLater(pollMs, poll);
    }
  };
  poll();
  return all;
}

/** Do something after foo and bar are both done. */
export function wait(o: DemoOptions = {}): Future<DemoEvent[]> {
  const loop = getEventLoop();
  const { options, error } = demoSettings('wait', o);
  if (error) return failed(loop, error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  const all = loop.createFuture<DemoEvent[]>();
  const both = [
    makeWidgets(loop, log, 'foo', foo, stepMs),
    makeWidgets(loop, log, 'bar', bar, stepMs),
  ];
  let left = both.length;
  for (const part of both) {
    onSuccess(all, part, () => {
      if (--left > 0) return;
      for (const done of both) log.add('main', done.result());
      all.setResult(log.entries);
    });
  }
  return all;
}

/** Do something when either foo or bar finishes. */
export function asCompleted(o: DemoOptions = {}): Future<DemoEvent[]> {
  const loop = getEventLoop();
  const { options, error } = demoSettings('asCompleted', o);
  if (error) return failed(loop, error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  return logAsCompleted(loop, log, [
    makeWidgets(loop, log, 'foo', foo, stepMs),
    makeWidgets(loop, log, 'bar', bar, stepMs),
  ]);
}

/** Bar runs synchronous code in a thread; foo goes on meanwhile. */
export function executor(o: DemoOptions = {}): Future<DemoEvent[]> {
  const loop = getEventLoop();
  const { options, error } = demoSettings('executor', o);
  if (error) return failed(loop, error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  log.add('main', 'Starting foo.');
  const fooDone = makeWidgets(loop, log, 'foo', foo, stepMs);
  log.add('main', 'Starting bar work in another thread.');
  const barDone = loop.createFuture<string>();
  onSuccess(
    barDone,
    loop.runInExecutor(makeWidgetsSynchronously, bar, stepMs, log.start),
    (times) => {
      for (const [i, t] of times.entries()) log.at(t, 'thread', `widget ${i}`); // made back then
      for (const i of times.keys()) log.add('bar', `widget ${i}`); // bar gets them now
      barDone.setResult('bar is done!');
    },
  );
  return logAsCompleted(loop, log, [fooDone, barDone]);
}

/** Bar runs in a thread but hands each widget to the loop as it makes it. */
export function threadsafe(o: DemoOptions = {}): Future<DemoEvent[]> {
  const loop = getEventLoop();
  const { options, error } = demoSettings('threadsafe', o);
  if (error) return failed(loop, error);
  const { stepMs, foo, bar } = options;
  const log = new DemoLog();
  log.add('main', 'Starting foo.');
  const fooDone = makeWidgets(loop, log, 'foo', foo, stepMs);
  log.add('main', 'Starting bar work in another thread.');
  // Called in the thread, runs here: loop.callSoonThreadsafe(made, i, t), one call per widget.
  const made = (i: number, t: number): void => {
    log.at(t, 'thread', `widget ${i}`);
    log.add('bar', `widget ${i}`);
  };
  const barDone = loop.createFuture<string>();
  onSuccess(
    barDone,
    loop.runInExecutor(makeWidgetsSynchronously, bar, stepMs, log.start, made),
    () => barDone.setResult('bar is done!'),
  );
  return logAsCompleted(loop, log, [fooDone, barDone]);
}
