/**
 * async/await model — the six demos of the 2013 Tulip talk as async functions: foo and bar
 * `await setTimeout(step)` per widget, and each demo runs them one way: `await` one after
 * the other, two Promises at once, `Promise.all`, a `.then` on each (as each finishes), and
 * a worker thread, which is plain `worker_threads`: started first (`once(worker, 'online')`),
 * then handed its work by `postMessage`; a Promise of its last message, and a `postMessage`
 * for each widget it hands back.
 * Contract: each demo returns a Promise of its event log (task-spec/src/demos.ts says what
 * each must show); a failure anywhere rejects it.
 * Lineage: feihong/tulip-talk demos/1-serial/demo.py … demos/6-call_soon_threadsafe/demo.py,
 * rewritten with PEP 492 / ECMAScript 2017 async functions.
 * Read next: task-spec/src/demos.ts, then comparisons/src/cli/demo-timeline.ts.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import {
  type DemoEvent,
  DemoLog,
  type DemoName,
  type DemoOptions,
  type DemoSettings,
  demoSettings,
  makeWidgetsSynchronously,
} from '@async-rosetta/task-spec';

type Lane = 'foo' | 'bar';

/** The demo's settings; a bad option throws its EINVAL error, so the demo's Promise rejects. */
function settings(name: DemoName, o: DemoOptions): DemoSettings {
  const { options, error } = demoSettings(name, o);
  if (error) throw error;
  return options;
}

/** `count` widgets, one step each, logged in `lane`; resolves with '<lane> is done!'. */
async function makeWidgets(log: DemoLog, lane: Lane, count: number, stepMs: number) {
  for (let i = 0; i < count; i++) {
    await sleep(stepMs);
    log.add(lane, `widget ${i}`);
  }
  return `${lane} is done!`;
}

/** Logs each result in `main` as it arrives; resolves once all have. */
async function logAsCompleted(log: DemoLog, tasks: Promise<string>[]): Promise<DemoEvent[]> {
  await Promise.all(tasks.map(async (task) => log.add('main', await task)));
  return log.entries;
}

/** The thread's program: wait for its work, make the widgets, post each one (if asked) and the times. */
const THREAD_SOURCE = `
  const { parentPort } = require('node:worker_threads');
  const __name = (fn) => fn;
  const makeWidgetsSynchronously = ${makeWidgetsSynchronously};
  parentPort.once('message', ([count, stepMs, start, reports]) => {
    const made = reports ? (i, t) => parentPort.postMessage({ made: [i, t] }) : undefined;
    parentPort.postMessage({ times: makeWidgetsSynchronously(count, stepMs, start, made) });
  });`;

/** A new worker thread, once it runs (Node takes tens of ms to start one; Python a thread in µs). */
async function startThread(): Promise<Worker> {
  const worker = new Worker(THREAD_SOURCE, { eval: true });
  await once(worker, 'online');
  return worker;
}

/**
 * Hands `thread` its widgets to make; resolves with the times they were made. With `made`,
 * the thread also posts each widget as it makes it.
 */
function inThread(
  thread: Worker,
  count: number,
  stepMs: number,
  start: bigint,
  made?: (i: number, t: number) => void,
): Promise<number[]> {
  return new Promise((resolve, reject) => {
    thread.on('message', (m: { made?: [number, number]; times?: number[] }) => {
      if (m.made) made?.(...m.made);
      else resolve(m.times ?? []);
    });
    thread.on('error', reject);
    thread.on('exit', (code) => reject(new Error(`the worker thread exited (${code})`)));
    thread.postMessage([count, stepMs, start, made !== undefined]);
  });
}

/** Foo runs, then bar runs. */
export async function serial(o: DemoOptions = {}): Promise<DemoEvent[]> {
  const { stepMs, foo, bar } = settings('serial', o);
  const log = new DemoLog();
  log.add('main', await makeWidgets(log, 'foo', foo, stepMs));
  log.add('main', await makeWidgets(log, 'bar', bar, stepMs));
  return log.entries;
}

/** Foo and bar run at the same time; main polls until both are done (the anti-pattern). */
export async function simultaneous(o: DemoOptions = {}): Promise<DemoEvent[]> {
  const { stepMs, foo, bar, pollMs } = settings('simultaneous', o);
  const log = new DemoLog();
  const results: string[] = [];
  // A Promise cannot be asked whether it is done: polling needs each result kept aside.
  void makeWidgets(log, 'foo', foo, stepMs).then((result) => (results[0] = result));
  void makeWidgets(log, 'bar', bar, stepMs).then((result) => (results[1] = result));
  while (results[0] === undefined || results[1] === undefined) {
    log.add('main', 'poll');
    await sleep(pollMs);
  }
  for (const result of results) log.add('main', result);
  return log.entries;
}

/** Do something after foo and bar are both done. */
export async function wait(o: DemoOptions = {}): Promise<DemoEvent[]> {
  const { stepMs, foo, bar } = settings('wait', o);
  const log = new DemoLog();
  const results = await Promise.all([
    makeWidgets(log, 'foo', foo, stepMs),
    makeWidgets(log, 'bar', bar, stepMs),
  ]);
  for (const result of results) log.add('main', result);
  return log.entries;
}

/** Do something when either foo or bar finishes. */
export async function asCompleted(o: DemoOptions = {}): Promise<DemoEvent[]> {
  const { stepMs, foo, bar } = settings('asCompleted', o);
  const log = new DemoLog();
  return logAsCompleted(log, [
    makeWidgets(log, 'foo', foo, stepMs),
    makeWidgets(log, 'bar', bar, stepMs),
  ]);
}

/** Bar runs synchronous code in a thread; foo goes on meanwhile. */
export async function executor(o: DemoOptions = {}): Promise<DemoEvent[]> {
  const { stepMs, foo, bar } = settings('executor', o);
  const thread = await startThread();
  const log = new DemoLog();
  const barInThread = async () => {
    log.add('main', 'Starting bar work in another thread.');
    const times = await inThread(thread, bar, stepMs, log.start);
    for (const [i, t] of times.entries()) log.at(t, 'thread', `widget ${i}`); // made back then
    for (const i of times.keys()) log.add('bar', `widget ${i}`); // bar gets them now
    return 'bar is done!';
  };
  log.add('main', 'Starting foo.');
  return logAsCompleted(log, [makeWidgets(log, 'foo', foo, stepMs), barInThread()]);
}

/** Bar runs in a thread but posts each widget to this thread as it makes it. */
export async function threadsafe(o: DemoOptions = {}): Promise<DemoEvent[]> {
  const { stepMs, foo, bar } = settings('threadsafe', o);
  const thread = await startThread();
  const log = new DemoLog();
  // Posted by the thread, runs here as a 'message' event: one per widget.
  const made = (i: number, t: number): void => {
    log.at(t, 'thread', `widget ${i}`);
    log.add('bar', `widget ${i}`);
  };
  const barInThread = async () => {
    log.add('main', 'Starting bar work in another thread.');
    await inThread(thread, bar, stepMs, log.start, made);
    return 'bar is done!';
  };
  log.add('main', 'Starting foo.');
  return logAsCompleted(log, [makeWidgets(log, 'foo', foo, stepMs), barInThread()]);
}
