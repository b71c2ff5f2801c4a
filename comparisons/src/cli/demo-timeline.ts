/**
 * The rosetta command: `rosetta demo <name> [--model M|all] [--step MS] [--json]` — one of
 * the Tulip-talk demos (task-spec/src/demos.ts) in one model or in each, drawn as a timeline:
 * one lane per coroutine (and one for the thread), each widget a mark at the time it was
 * made, so the interleaving shows. `--json` prints each model's event log instead.
 * Contract: models run one after another; a demo that fails prints `<code>: <message>
 * (model M)` on stderr, the others still run, and the exit status is then 1.
 * Lineage: feihong/tulip-talk demos/1-serial/index.html and its siblings (a lane of widgets for
 * foo, one for bar,
 * and a log). Read main.ts for the dispatch.
 */
import {
  DEMO_NAMES,
  type DemoEvent,
  type DemoLane,
  type DemoName,
  type DemoOptions,
  demoSettings,
} from '@async-rosetta/task-spec';

import { integer, parse, pickModels } from './args.js';
import { within } from './guard.js';
import { describeError, type Io } from './io.js';
import { UsageError } from './usage.js';

/** A demo's name on the command line: `as-completed` for `asCompleted`. */
export const cliName = (name: DemoName): string =>
  name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Columns of the drawn timeline. */
const WIDTH = 60;
const LANES: readonly DemoLane[] = ['main', 'foo', 'bar', 'thread'];
/** The demos with a worker thread: a first, tiny run starts the model's pool of threads. */
const THREADED: readonly DemoName[] = ['executor', 'threadsafe'];
/** A demo taking longer than this is reported as failed (ENORESULT). */
const GUARD_MS = 120_000;

/** Runs `rosetta demo <name>`; resolves with the exit status. */
export async function demoTimelineCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, {
    model: { type: 'string' },
    step: { type: 'string' },
    json: { type: 'boolean' },
  });
  const known = DEMO_NAMES.map(cliName);
  if (positionals.length !== 1) {
    throw new UsageError(`demo takes one demo name (${known.join(', ')}) or none`);
  }
  const name = DEMO_NAMES.find((n) => cliName(n) === positionals[0]);
  if (name === undefined) {
    throw new UsageError(`unknown demo '${positionals[0]}' (known: ${known.join(', ')})`);
  }
  const stepMs = integer('step', values.step, { min: 1, max: 10_000 });
  const options: DemoOptions = stepMs === undefined ? {} : { stepMs };
  const chosen = pickModels(io, values.model ?? 'all', true);

  let failed = false;
  for (const model of chosen) {
    try {
      // A cold pool would start its thread (tens of ms in Node) only after foo is well under way.
      if (THREADED.includes(name)) await model.demos[name]({ stepMs: 1, foo: 1, bar: 1 });
      const run = { result: model.demos[name](options), cancel: () => {} };
      const events = await within(run, GUARD_MS);
      if (values.json) io.out(JSON.stringify({ model: model.name, demo: cliName(name), events }));
      else for (const line of drawTimeline(model.name, name, options, events)) io.out(line);
    } catch (e) {
      failed = true;
      io.err(`${describeError(e)} (model ${model.name})`);
    }
  }
  return failed ? 1 : 0;
}

/** The mark of one column of a lane: a widget's last digit, `#` for several, `?` for a poll, `*` for a line of main's. */
function mark(events: DemoEvent[]): string {
  if (events.length === 0) return '·';
  if (events.length > 1) return '#';
  const [{ event }] = events as [DemoEvent];
  const widget = /^widget (\d+)$/.exec(event);
  if (widget) return widget[1]!.slice(-1);
  return event === 'poll' ? '?' : '*';
}

/**
 * The timeline of one demo run: a title, one row per lane that has events (time runs left
 * to right, `WIDTH` columns), a time axis, then main's lines with their times.
 *
 * @example
 * drawTimeline('asyncawait', 'serial', {}, events).forEach((line) => console.log(line));
 */
export function drawTimeline(
  model: string,
  name: DemoName,
  options: DemoOptions,
  events: DemoEvent[],
): string[] {
  const { stepMs, foo, bar } = demoSettings(name, options).options!; // the run checked them
  const end = Math.max(1, ...events.map((e) => e.t));
  const column = (t: number) => Math.min(WIDTH - 1, Math.floor((t / end) * WIDTH));
  const lines = [
    `${model} · ${cliName(name)} — foo ${foo}, bar ${bar} widgets, ${stepMs} ms a step`,
  ];
  for (const lane of LANES) {
    const mine = events.filter((e) => e.lane === lane);
    if (mine.length === 0) continue;
    const cells = Array.from({ length: WIDTH }, (_, c) =>
      mark(mine.filter((e) => column(e.t) === c)),
    );
    lines.push(`  ${lane.padEnd(6)} │${cells.join('')}│`);
  }
  const total = `${Math.round(end)} ms`;
  lines.push(`  ${' '.repeat(6)}  0 ms${total.padStart(WIDTH - 4)}`);
  for (const e of events.filter((e) => e.lane === 'main' && e.event !== 'poll')) {
    lines.push(`  ${`${Math.round(e.t)} ms`.padStart(8)}  ${e.event}`);
  }
  const polls = events.filter((e) => e.lane === 'main' && e.event === 'poll').length;
  if (polls > 0) lines.push(`  ${polls} polls (?) by main`);
  lines.push('  (a digit: that widget made then; #: several in one column; *: a line of main)');
  lines.push('');
  return lines;
}
