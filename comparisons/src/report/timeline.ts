/**
 * The demos' timelines in the report: every Tulip-talk demo (task-spec/src/demos.ts) run in
 * every model while the report is generated, each run drawn as an SVG timeline — one lane
 * per coroutine or thread (main, foo, bar, thread), each logged event a mark at its time,
 * a time axis in ms and the model's name in the title.
 * Contract: `runDemos` runs the models one after another, each demo with a short step (the
 * demo tests' `stepMs`), warming a model's worker threads first for the thread demos as
 * `rosetta demo` does; a failed run keeps its error line instead of events. `timelineSpec`
 * is the Vega-Lite specification (one symbol mark per event, in one layer) and
 * `timelineSvg` renders it with Vega's SVG renderer in Node, like the benchmark charts
 * (bench/src/report/charts.ts). Timings differ between runs: they are outputs, never inputs
 * of the report's hash.
 * Lineage: feihong/tulip-talk demos/1-serial/index.html and its siblings (a lane of widgets
 * for foo, one for bar); comparisons/src/cli/demo-timeline.ts draws the same in a terminal.
 * Read html.ts next.
 */
import {
  DEMO_NAMES,
  type DemoEvent,
  type DemoLane,
  type DemoName,
  type DemoOptions,
  demoSettings,
} from '@async-rosetta/task-spec';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { within } from '../cli/guard.js';
import { describeError } from '../cli/io.js';
import type { ModelAdapter } from '../models/contract.js';

/** The lanes, top to bottom; a timeline shows those with events. */
export const LANES: readonly DemoLane[] = ['main', 'foo', 'bar', 'thread'];
const COLOURS: Record<DemoLane, string> = {
  main: '#6b7280',
  foo: '#2563eb',
  bar: '#d97706',
  thread: '#059669',
};
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

/** The demos with a worker thread: a first, tiny run starts the model's pool of threads. */
const THREADED: readonly DemoName[] = ['executor', 'threadsafe'];
/**
 * The step of each demo in the report: the demo tests' (comparisons/test/demos.test.ts) —
 * 4 ms on the loop, 25 ms for the thread demos, whose thread answers across a message port.
 */
export const REPORT_STEP_MS: Readonly<Record<DemoName, number>> = {
  serial: 4,
  simultaneous: 4,
  wait: 4,
  asCompleted: 4,
  executor: 25,
  threadsafe: 25,
};
/** A run taking longer than this is recorded as failed (ENORESULT). */
const GUARD_MS = 60_000;

/** One demo run in one model. */
export interface DemoRun {
  model: string;
  demo: DemoName;
  options: DemoOptions;
  /** The event log; empty when the run failed. */
  events: DemoEvent[];
  /** `<code>: <message>` when the run failed. */
  error: string | null;
}

/** Runs every demo in every model, one run at a time (a run alone on the loop keeps its timing). */
export async function runDemos(
  models: readonly ModelAdapter[],
  steps: Readonly<Record<DemoName, number>> = REPORT_STEP_MS,
): Promise<DemoRun[]> {
  const runs: DemoRun[] = [];
  for (const demo of DEMO_NAMES) {
    for (const model of models) {
      const options: DemoOptions = { stepMs: steps[demo] };
      try {
        if (THREADED.includes(demo)) await model.demos[demo]({ stepMs: 1, foo: 1, bar: 1 });
        const events = await within(
          { result: model.demos[demo](options), cancel: () => {} },
          GUARD_MS,
        );
        runs.push({ model: model.name, demo, options, events, error: null });
      } catch (e) {
        runs.push({ model: model.name, demo, options, events: [], error: describeError(e) });
      }
    }
  }
  return runs;
}

/** What kind of mark an event gets: a widget, main's poll, or any other line. */
export function eventKind(e: DemoEvent): 'widget' | 'poll' | 'line' {
  if (/^widget \d+$/.test(e.event)) return 'widget';
  return e.event === 'poll' ? 'poll' : 'line';
}

/** The lanes of `events`, in LANES order. */
export const lanesOf = (events: readonly DemoEvent[]): DemoLane[] =>
  LANES.filter((l) => events.some((e) => e.lane === l));

/** The one-line description under a timeline's title. */
export function timelineSubtitle(run: DemoRun): string {
  const s = demoSettings(run.demo, run.options).options;
  const what = s ? `foo ${s.foo}, bar ${s.bar} widgets, ${s.stepMs} ms a step` : '';
  return run.error ? `failed: ${run.error}` : what;
}

/** The Vega-Lite specification of one run's timeline. */
export function timelineSpec(run: DemoRun, width = 300): TopLevelSpec {
  const lanes = lanesOf(run.events);
  const values = run.events.map((e) => ({
    t: Math.round(e.t * 10) / 10,
    lane: e.lane,
    event: e.event,
    kind: eventKind(e),
  }));
  const end = Math.max(1, ...values.map((v) => v.t));
  const kinds = (['widget', 'poll', 'line'] as const).filter((k) =>
    values.some((v) => v.kind === k),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: '#ffffff',
    padding: 8,
    title: {
      text: `${run.model} · ${run.demo}`,
      subtitle: timelineSubtitle(run),
      anchor: 'start',
      fontSize: 13,
      subtitleFontSize: 11,
      subtitleColor: run.error ? '#b91c1c' : '#555',
    },
    width,
    height: Math.max(1, lanes.length) * 22,
    data: { values },
    mark: { type: 'point', filled: true, size: 36, opacity: 0.85 },
    encoding: {
      x: {
        field: 't',
        type: 'quantitative',
        title: 'ms since the demo started',
        scale: { domain: [0, end], nice: true },
        axis: { grid: true, tickCount: 5 },
      },
      y: {
        field: 'lane',
        type: 'nominal',
        sort: lanes,
        scale: { domain: lanes },
        title: null,
        axis: { grid: true },
      },
      color: {
        field: 'lane',
        type: 'nominal',
        scale: { domain: lanes, range: lanes.map((l) => COLOURS[l]) },
        legend: null,
      },
      shape: {
        field: 'kind',
        type: 'nominal',
        scale: {
          domain: kinds,
          range: kinds.map((k) => ({ widget: 'square', poll: 'circle', line: 'diamond' })[k]),
        },
        legend:
          kinds.length > 1 ? { title: null, orient: 'bottom', direction: 'horizontal' } : null,
      },
      tooltip: [
        { field: 'lane', type: 'nominal' },
        { field: 'event', type: 'nominal' },
        { field: 't', type: 'quantitative', title: 'ms' },
      ],
    },
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 0 },
      legend: { labelFontSize: 11 },
      view: { stroke: '#ddd' },
    },
  } as unknown as TopLevelSpec;
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * One run's timeline as an SVG document (Vega's own SVG renderer; no browser), with a
 * `<title>` naming the model, the demo and the event count, and scalable (`viewBox`).
 */
export async function timelineSvg(run: DemoRun, width?: number): Promise<string> {
  const view = new View(parse(compile(timelineSpec(run, width)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const title = `${run.model} · ${run.demo}: ${run.error ? `failed: ${run.error}` : `${run.events.length} events`}`;
    return `${svg.replace(/^<svg ([^>]*)>/, `<svg role="img" $1><title>${escapeXml(title)}</title>`)}\n`;
  } finally {
    view.finalize();
  }
}

/** Where a run's SVG goes, relative to the report's folder (REPORT.md links it). */
export const timelinePath = (r: Pick<DemoRun, 'demo' | 'model'>): string =>
  `timelines/${r.demo}-${r.model}.svg`;

/** A drawn run: the run and its SVG. */
export interface Timeline extends DemoRun {
  svg: string;
}

/** Runs every demo in every model and draws each run. */
export async function demoTimelines(
  models: readonly ModelAdapter[],
  steps?: Readonly<Record<DemoName, number>>,
): Promise<Timeline[]> {
  const runs = await runDemos(models, steps);
  return Promise.all(runs.map(async (r) => ({ ...r, svg: await timelineSvg(r) })));
}
