/**
 * The Tulip-talk demos (task-spec/src/demos.ts) in every registered model: each demo's
 * defining order, read from its event log — sequence and interleaving only, never how long
 * anything took, so the tests hold on a busy machine. Where an order rests on Node's loop
 * (a due timer runs before a message that arrived meanwhile is handled) or on causality
 * (a thread makes a widget before the loop hears of it), the test says so.
 * Lineage: feihong/tulip-talk demos/1-serial … demos/6-call_soon_threadsafe (what each demo
 * shows on screen). Read cli-demo.test.ts next.
 */
import { DEMO_NAMES, type DemoEvent, type DemoLane } from '@async-rosetta/task-spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { models } from '../src/models/index.js';

const FAST = { stepMs: 4 };
/** Thread demos: a longer step leaves the thread's later widgets well after its first. */
const THREAD = { stepMs: 25 };

/** Positions (in the log) of the widgets of `lane`. */
function widgetsAt(log: DemoEvent[], lane: DemoLane): number[] {
  return log.flatMap((e, i) => (e.lane === lane && e.event.startsWith('widget ') ? [i] : []));
}

/** The event texts of `lane`, in order. */
function eventsOf(log: DemoEvent[], lane: DemoLane): string[] {
  return log.filter((e) => e.lane === lane).map((e) => e.event);
}

/** Position of the first event of `lane` with text `event`. */
function at(log: DemoEvent[], lane: DemoLane, event: string): number {
  const i = log.findIndex((e) => e.lane === lane && e.event === event);
  expect(i, `${lane}: ${event}`).toBeGreaterThanOrEqual(0);
  return i;
}

const widgetTexts = (n: number) => Array.from({ length: n }, (_, i) => `widget ${i}`);

/** What every demo's log satisfies: in time order, from 0, each lane's widgets numbered in order. */
function expectWellFormed(log: DemoEvent[], foo: number, bar: number): void {
  for (const [i, e] of log.entries()) {
    expect(e.t).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(e.t).toBeGreaterThanOrEqual(log[i - 1]!.t);
  }
  expect(eventsOf(log, 'foo')).toEqual(widgetTexts(foo));
  expect(eventsOf(log, 'bar')).toEqual(widgetTexts(bar));
}

/** foo and bar overlap: each makes a widget before the other has made its last. */
function expectOverlap(log: DemoEvent[]): void {
  const foo = widgetsAt(log, 'foo');
  const bar = widgetsAt(log, 'bar');
  expect(bar[0]!).toBeLessThan(foo.at(-1)!);
  expect(foo[0]!).toBeLessThan(bar.at(-1)!);
}

it('every model exports the six demos under the same names', () => {
  // feihong/tulip-talk demos/: serial, simultaneous, wait, as_completed, run_in_executor, call_soon_threadsafe
  for (const model of models)
    expect(Object.keys(model.demos).sort()).toEqual([...DEMO_NAMES].sort());
});

/** foo makes widgets on the loop between the thread's first widget and its last. */
function expectFooWhileThreadWorks(log: DemoEvent[]): void {
  const made = widgetsAt(log, 'thread');
  expect(widgetsAt(log, 'foo').some((i) => i > made[0]! && i < made.at(-1)!)).toBe(true);
}

describe.each(models)('the Tulip-talk demos — $name', (model) => {
  // A pooled model's first thread job starts the worker (tens of ms in Node): start it first.
  beforeAll(() => model.demos.threadsafe({ stepMs: 1, foo: 1, bar: 1 }));

  it('serial: foo makes all its widgets, logs its result, and only then bar starts', async () => {
    // demos/1-serial/demo.py: `yield from foo(client)` then `yield from bar(client)`
    const log = await model.demos.serial(FAST);
    expectWellFormed(log, 10, 10);
    const fooDone = at(log, 'main', 'foo is done!');
    expect(widgetsAt(log, 'foo').at(-1)!).toBeLessThan(fooDone);
    expect(fooDone).toBeLessThan(widgetsAt(log, 'bar')[0]!);
    expect(at(log, 'main', 'bar is done!')).toBe(log.length - 1);
  });

  it('simultaneous: the two Tasks interleave, and main notices the end only by polling', async () => {
    // demos/2-simultaneous/demo.py: two Tasks; `while True: if both done … else sleep(1)`.
    // Interleaving holds without timing: both step on one clock, and due timers run in due order.
    const log = await model.demos.simultaneous(FAST);
    expectWellFormed(log, 10, 10);
    expectOverlap(log);
    const polls = log.flatMap((e, i) => (e.lane === 'main' && e.event === 'poll' ? [i] : []));
    expect(polls[0]).toBe(0); // main checks at once, finds them running, and sleeps
    const lastWidget = Math.max(...widgetsAt(log, 'foo'), ...widgetsAt(log, 'bar'));
    expect(polls.at(-1)!).toBeLessThan(lastWidget);
    expect(eventsOf(log, 'main').slice(-2)).toEqual(['foo is done!', 'bar is done!']);
    expect(at(log, 'main', 'foo is done!')).toBeGreaterThan(lastWidget);
  });

  it('wait: foo and bar run at once, and main logs both results after both are done', async () => {
    // demos/3-wait/demo.py: `done, pending = yield from tulip.wait(coroutines)`
    const log = await model.demos.wait(FAST);
    expectWellFormed(log, 10, 10);
    expectOverlap(log);
    const lastWidget = Math.max(...widgetsAt(log, 'foo'), ...widgetsAt(log, 'bar'));
    expect(log.slice(lastWidget + 1).map((e) => `${e.lane}: ${e.event}`)).toEqual([
      'main: foo is done!',
      'main: bar is done!',
    ]);
  });

  it('asCompleted: each result is handled as its coroutine finishes — bar (8 widgets) before foo (12)', async () => {
    // demos/4-as_completed/demo.py: `for future in tulip.as_completed(coroutines)`
    const log = await model.demos.asCompleted(FAST);
    expectWellFormed(log, 12, 8);
    expectOverlap(log);
    const barLast = widgetsAt(log, 'bar').at(-1)!;
    const fooLast = widgetsAt(log, 'foo').at(-1)!;
    const barDone = at(log, 'main', 'bar is done!');
    const fooDone = at(log, 'main', 'foo is done!');
    expect(barLast).toBeLessThan(barDone);
    expect(barDone).toBeLessThan(fooLast); // handled while foo still works: finishing order
    expect(fooLast).toBeLessThan(fooDone);
    expect(eventsOf(log, 'main').filter((e) => e.endsWith('is done!'))).toEqual([
      'bar is done!',
      'foo is done!',
    ]);
  });

  it('executor: the loop makes foo’s widgets while the thread works, and bar gets its widgets all at once at the end', async () => {
    // demos/5-run_in_executor/demo.py: `widgets = yield from loop.run_in_executor(None, bar_synchronous)`.
    // foo's first timer is due a step after the job starts, the thread's answer twelve steps
    // after: Node runs a due timer before it handles a message, so foo's widget comes first.
    const log = await model.demos.executor(THREAD);
    expectWellFormed(log, 8, 12);
    expect(eventsOf(log, 'thread')).toEqual(widgetTexts(12));
    const started = at(log, 'main', 'Starting bar work in another thread.');
    const bar = widgetsAt(log, 'bar');
    expect(widgetsAt(log, 'foo').some((i) => i > started && i < bar[0]!)).toBe(true);
    expectFooWhileThreadWorks(log);
    // bar's widgets come back in one piece, after the thread made its last one
    expect(bar[0]!).toBeGreaterThan(widgetsAt(log, 'thread').at(-1)!);
    expect(bar.at(-1)! - bar[0]!).toBe(11);
    expect(at(log, 'main', 'bar is done!')).toBeGreaterThan(bar.at(-1)!);
  });

  it('threadsafe: the loop makes foo’s widgets while the thread works, and bar’s widgets arrive one by one during the run', async () => {
    // demos/6-call_soon_threadsafe/demo.py: the thread calls
    // loop.call_soon_threadsafe(client.append_widget, 'bar', widget) for each widget
    const log = await model.demos.threadsafe(THREAD);
    expectWellFormed(log, 10, 10);
    expect(eventsOf(log, 'thread')).toEqual(widgetTexts(10));
    const started = at(log, 'main', 'Starting bar work in another thread.');
    const made = widgetsAt(log, 'thread');
    const arrived = widgetsAt(log, 'bar');
    expect(widgetsAt(log, 'foo').some((i) => i > started && i < arrived.at(-1)!)).toBe(true);
    expectFooWhileThreadWorks(log);
    // each widget reaches the loop after the thread made it (causality) …
    for (let i = 0; i < 10; i++) expect(arrived[i]!).toBeGreaterThan(made[i]!);
    // … and the first arrives while the thread still works, nine steps before its last widget
    expect(arrived[0]!).toBeLessThan(made.at(-1)!);
    expect(at(log, 'main', 'bar is done!')).toBeGreaterThan(arrived.at(-1)!);
  });

  it('a bad option fails the demo with EINVAL through the model’s own channel, never a throw', async () => {
    // task-spec/src/demos.ts demoSettings (the same domain rules as the tasks' options)
    for (const name of DEMO_NAMES) {
      for (const bad of [{ stepMs: -1 }, { foo: 1.5 }, { bar: -2 }, { pollMs: 0 }]) {
        let run: Promise<DemoEvent[]> | undefined;
        expect(() => {
          run = model.demos[name](bad);
        }).not.toThrow();
        await expect(run).rejects.toMatchObject({ code: 'EINVAL' });
      }
    }
  });

  it('the options set the counts: foo and bar make exactly the widgets asked for', async () => {
    // task-spec/src/demos.ts DemoOptions (the talk's counts are only the defaults)
    const log = await model.demos.wait({ stepMs: 1, foo: 3, bar: 2 });
    expectWellFormed(log, 3, 2);
  });
});
