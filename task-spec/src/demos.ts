/**
 * The six demos of the 2013 Tulip talk, as plain data every model shares: their names,
 * the event a demo logs, its options and defaults, and the one clock they all read.
 *
 * Contract: a demo checks its options first (`demoSettings`: a bad one is EINVAL, through the
 * model's own channel), then runs `foo` and `bar`, each making widgets one short timed step at a
 * time, and returns its event log: `{t, lane, event}` in order of `t` (milliseconds since
 * the demo started, on one monotonic clock shared with worker threads). Lanes: `main` (the
 * demo's own lines, e.g. 'foo is done!'), `foo` and `bar` (a widget each time one is made),
 * `thread` (what a worker thread did, timed in the thread). What each demo must show is in
 * the comment of `DEMO_WIDGETS` below.
 *
 * Lineage: feihong/tulip-talk, demos/1-serial/demo.py … demos/6-call_soon_threadsafe/demo.py,
 * and its demolib.py (make_widget, make_widget_synchronous).
 * Read next: packages/deferred/src/tasks/demos.ts, then the other models' src/tasks/demos.ts.
 */

import { invalidArgument } from './errors.js';
import { type Checked, MAX_TIMER_MS } from './options.js';

/** The demos, in the talk's order; the same names are exported by every model. */
export const DEMO_NAMES = [
  'serial',
  'simultaneous',
  'wait',
  'asCompleted',
  'executor',
  'threadsafe',
] as const;

export type DemoName = (typeof DEMO_NAMES)[number];

/** Which coroutine (or thread) an event belongs to. */
export type DemoLane = 'main' | 'foo' | 'bar' | 'thread';

/** One line of a demo's log. */
export interface DemoEvent {
  /** Milliseconds since the demo started. */
  t: number;
  lane: DemoLane;
  /** 'widget 3', 'foo is done!', 'poll', 'start', … */
  event: string;
}

export interface DemoOptions {
  /** How long making one widget takes, on the loop or in the thread (default 100 ms). */
  stepMs?: number;
  /** Widgets foo makes (default: the talk's count for the demo, see DEMO_WIDGETS). */
  foo?: number;
  /** Widgets bar makes (default: the talk's count for the demo). */
  bar?: number;
  /** simultaneous only: how often main polls whether both are done (default 3 steps). */
  pollMs?: number;
}

export const DEFAULT_DEMO_STEP_MS = 100;

/**
 * The talk's widget counts, and what each demo shows:
 * - serial: foo makes all its widgets, then bar makes its own (`yield from foo()` then bar).
 * - simultaneous: two Tasks at once; main polls every `pollMs` until both are done (the
 *   talk's anti-pattern: the results are noticed up to a poll late).
 * - wait: two at once; main logs both results once both are done (`asyncio.wait`).
 * - asCompleted: foo makes 12, bar 8; main logs each result as it finishes (bar's first).
 * - executor: foo makes 8 on the loop while bar's 12 are made by synchronous code in a
 *   worker thread; bar gets them all at once when the thread returns (`run_in_executor`).
 * - threadsafe: as executor, 10 and 10, but the thread hands each widget to the loop as it
 *   makes it (`call_soon_threadsafe`): bar's widgets arrive one by one during the run.
 */
export const DEMO_WIDGETS: Readonly<Record<DemoName, { foo: number; bar: number }>> = {
  serial: { foo: 10, bar: 10 },
  simultaneous: { foo: 10, bar: 10 },
  wait: { foo: 10, bar: 10 },
  asCompleted: { foo: 12, bar: 8 },
  executor: { foo: 8, bar: 12 },
  threadsafe: { foo: 10, bar: 10 },
};

/** A demo's options with every default filled in. */
export type DemoSettings = Required<DemoOptions>;

/** The most widgets one coroutine makes in a demo. */
export const MAX_DEMO_WIDGETS = 10_000;

/**
 * A demo's options, checked and with every default filled in, or the EINVAL error value —
 * never a throw: each model reports it through its own channel, as with the tasks' options.
 */
export function demoSettings(name: DemoName, o: unknown = {}): Checked<DemoSettings> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    return { error: invalidArgument(`the demo options must be an object, got ${String(o)}`) };
  }
  const { stepMs = DEFAULT_DEMO_STEP_MS, pollMs = 3 * Number(stepMs) } = o as DemoOptions;
  const { foo = DEMO_WIDGETS[name].foo, bar = DEMO_WIDGETS[name].bar } = o as DemoOptions;
  const ms = (key: string, v: unknown, min: number) =>
    typeof v === 'number' && v >= min && v <= MAX_TIMER_MS
      ? null
      : `${key} must be a number of milliseconds from ${min} to ${MAX_TIMER_MS}, got ${String(v)}`;
  const count = (key: string, v: unknown) =>
    Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_DEMO_WIDGETS
      ? null
      : `${key} must be an integer from 0 to ${MAX_DEMO_WIDGETS}, got ${String(v)}`;
  const bad =
    ms('stepMs', stepMs, 0) ?? ms('pollMs', pollMs, 1) ?? count('foo', foo) ?? count('bar', bar);
  if (bad !== null) return { error: invalidArgument(bad) };
  return { options: { stepMs, pollMs, foo, bar } };
}

/**
 * A demo's event log. `start` is the clock reading (`process.hrtime.bigint()`, nanoseconds)
 * at which the demo began: pass it to a worker thread so the thread times its own events
 * on the same clock (`Number(process.hrtime.bigint() - start) / 1e6`).
 */
export class DemoLog {
  readonly start = process.hrtime.bigint();
  private readonly events: DemoEvent[] = [];

  /** Logs `event` in `lane`, now. */
  add(lane: DemoLane, event: string): void {
    this.at(Number(process.hrtime.bigint() - this.start) / 1e6, lane, event);
  }

  /** Logs `event` in `lane` at `t` (an event a thread timed itself). */
  at(t: number, lane: DemoLane, event: string): void {
    this.events.push({ t, lane, event });
  }

  /** The log in order of time (events logged at the same time keep their logging order). */
  get entries(): DemoEvent[] {
    return [...this.events].sort((a, b) => a.t - b.t);
  }
}

/**
 * The synchronous code a thread demo runs in a worker thread (the talk's
 * `make_widget_synchronous`, `count` times): each widget is a blocking sleep of `stepMs`
 * (`Atomics.wait`, Python's `time.sleep`: it blocks this thread only). Returns when each
 * widget was made (ms since `start`, timed in the thread); with `made`, also reports each
 * widget as soon as it is made — through whatever door to the loop `made` stands for.
 * It travels to the thread as source text, so it uses only its arguments and globals.
 */
export function makeWidgetsSynchronously(
  count: number,
  stepMs: number,
  start: bigint,
  made?: (widget: number, t: number) => void,
): number[] {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    Atomics.wait(sleeper, 0, 0, stepMs);
    const t = Number(process.hrtime.bigint() - start) / 1e6;
    times.push(t);
    made?.(i, t);
  }
  return times;
}
