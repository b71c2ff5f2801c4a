/**
 * Generator trampoline model — the six demos of the 2013 Tulip talk as the talk wrote them:
 * foo and bar are coroutines (`yield* sleep(step)` per widget) run as Tasks, and each demo
 * runs them one way: `yield*` one after the other, two Tasks at once, `waitAll`,
 * `asCompleted`, and a thread (`loop.runInExecutor`, reporting back through
 * `loop.callSoonThreadsafe`) — the same loop as packages/future's.
 * Contract: each demo returns a Task of its event log (task-spec/src/demos.ts says what
 * each must show); a failure anywhere fails the Task.
 * Lineage: feihong/tulip-talk demos/1-serial/demo.py … demos/6-call_soon_threadsafe/demo.py
 * (Tulip's `yield from` coroutines; asyncio Lib/asyncio/tasks.py wait, as_completed).
 * Read next: packages/asyncawait/src/tasks/demos.ts, the same demos as async functions.
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
import { type Operation, wait } from '../ops.js';
import { sleep } from '../sleep.js';
import { currentLoop, spawn, type Task } from '../task.js';
import { asCompleted as inCompletionOrder, waitAll } from '../wait-all.js';

type Lane = 'foo' | 'bar';

/** The demo's settings; a bad option throws its EINVAL error into the Task, which fails. */
function settings(name: DemoName, o: DemoOptions): DemoSettings {
  const { options, error } = demoSettings(name, o);
  if (error) throw error;
  return options;
}

/** `count` widgets, one step each, logged in `lane`; returns '<lane> is done!'. */
function* makeWidgets(log: DemoLog, lane: Lane, count: number, stepMs: number): Operation<string> {
  for (let i = 0; i < count; i++) {
    yield* sleep(stepMs);
    log.add(lane, `widget ${i}`);
  }
  return `${lane} is done!`;
}

/** Foo runs, then bar runs. */
export function serial(o: DemoOptions = {}): Task<DemoEvent[]> {
  return spawn(function* () {
    const { stepMs, foo, bar } = settings('serial', o);
    const log = new DemoLog();
    log.add('main', yield* makeWidgets(log, 'foo', foo, stepMs));
    log.add('main', yield* makeWidgets(log, 'bar', bar, stepMs));
    return log.entries;
  });
}

/** Foo and bar run at the same time; main polls until both are done (the anti-pattern). */
export function simultaneous(o: DemoOptions = {}): Task<DemoEvent[]> {
  return spawn(function* () {
    const { stepMs, foo, bar, pollMs } = settings('simultaneous', o);
    const log = new DemoLog();
    const task1 = spawn(makeWidgets, log, 'foo', foo, stepMs);
    const task2 = spawn(makeWidgets, log, 'bar', bar, stepMs);
    while (!(task1.done() && task2.done())) {
      log.add('main', 'poll');
      yield* sleep(pollMs);
    }
    log.add('main', task1.result());
    log.add('main', task2.result());
    return log.entries;
  });
}

/** Do something after foo and bar are both done. Exported as `wait` (here `wait` is `yield*`'s helper). */
function waitDemo(o: DemoOptions = {}): Task<DemoEvent[]> {
  return spawn(function* () {
    const { stepMs, foo, bar } = settings('wait', o);
    const log = new DemoLog();
    const both = [
      spawn(makeWidgets, log, 'foo', foo, stepMs),
      spawn(makeWidgets, log, 'bar', bar, stepMs),
    ];
    const [done] = yield* wait(waitAll(both));
    for (const task of done) log.add('main', task.result());
    return log.entries;
  });
}

export { waitDemo as wait };

/** Do something when either foo or bar finishes. */
export function asCompleted(o: DemoOptions = {}): Task<DemoEvent[]> {
  return spawn(function* () {
    const { stepMs, foo, bar } = settings('asCompleted', o);
    const log = new DemoLog();
    const both = [
      spawn(makeWidgets, log, 'foo', foo, stepMs),
      spawn(makeWidgets, log, 'bar', bar, stepMs),
    ];
    for (const next of inCompletionOrder(both)) log.add('main', yield* wait(next));
    return log.entries;
  });
}

/** Bar runs synchronous code in a thread; foo goes on meanwhile. */
export function executor(o: DemoOptions = {}): Task<DemoEvent[]> {
  function* barInThread(log: DemoLog, bar: number, stepMs: number): Operation<string> {
    log.add('main', 'Starting bar work in another thread.');
    const loop = currentLoop();
    const times = yield* wait(loop.runInExecutor(makeWidgetsSynchronously, bar, stepMs, log.start));
    for (const [i, t] of times.entries()) log.at(t, 'thread', `widget ${i}`); // made back then
    for (const i of times.keys()) log.add('bar', `widget ${i}`); // bar gets them now
    return 'bar is done!';
  }
  return spawn(function* () {
    const { stepMs, foo, bar } = settings('executor', o);
    const log = new DemoLog();
    log.add('main', 'Starting foo.');
    const both = [
      spawn(makeWidgets, log, 'foo', foo, stepMs),
      spawn(barInThread, log, bar, stepMs),
    ];
    for (const next of inCompletionOrder(both)) log.add('main', yield* wait(next));
    return log.entries;
  });
}

/** Bar runs in a thread but hands each widget to the loop as it makes it. */
export function threadsafe(o: DemoOptions = {}): Task<DemoEvent[]> {
  function* barInThread(log: DemoLog, bar: number, stepMs: number): Operation<string> {
    log.add('main', 'Starting bar work in another thread.');
    // Called in the thread, runs here: loop.callSoonThreadsafe(made, i, t), one call per widget.
    const made = (i: number, t: number): void => {
      log.at(t, 'thread', `widget ${i}`);
      log.add('bar', `widget ${i}`);
    };
    const loop = currentLoop();
    yield* wait(loop.runInExecutor(makeWidgetsSynchronously, bar, stepMs, log.start, made));
    return 'bar is done!';
  }
  return spawn(function* () {
    const { stepMs, foo, bar } = settings('threadsafe', o);
    const log = new DemoLog();
    log.add('main', 'Starting foo.');
    const both = [
      spawn(makeWidgets, log, 'foo', foo, stepMs),
      spawn(barInThread, log, bar, stepMs),
    ];
    for (const next of inCompletionOrder(both)) log.add('main', yield* wait(next));
    return log.entries;
  });
}
