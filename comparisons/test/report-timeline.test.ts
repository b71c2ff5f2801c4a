/**
 * rosetta report: the demos' timelines (report/timeline.ts) — one lane per coroutine or
 * thread, one mark per logged event, drawn with Vega-Lite and Vega's SVG renderer, and
 * every demo run in every model while the report is generated.
 * The SVG is read as Vega writes it: each mark container is a `<g class="mark-symbol
 * role-mark …">` and each item in it a `<path role="graphics-symbol" aria-label=…>`
 * (vega/vega, packages/vega-scenegraph/src/render/svg/SVGStringRenderer.js and
 * packages/vega-scenegraph/src/util/aria.js); the lanes follow feihong/tulip-talk's
 * demos/1-serial/index.html (a row of widgets for foo, one for bar).
 */
import { DEMO_NAMES, type DemoEvent, type DemoLane } from '@async-rosetta/task-spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { models } from '../src/models/index.js';
import {
  type DemoRun,
  LANES,
  lanesOf,
  runDemos,
  timelinePath,
  timelineSpec,
  timelineSvg,
} from '../src/report/timeline.js';

/** The marks Vega drew for the data: the items of the role-mark symbol container. */
function marks(svg: string): string[] {
  const group = /<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg);
  return group
    ? [...group[1]!.matchAll(/<path [^>]*role="graphics-symbol"[^>]*>/g)].map((m) => m[0])
    : [];
}

/** The lane names written as the y axis' labels, top to bottom. */
function laneLabels(svg: string): string[] {
  const yAxis = svg.slice(svg.indexOf('aria-label="Y-axis'));
  const labels = /<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/s.exec(yAxis);
  return [...(labels?.[1] ?? '').matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

const run = (events: DemoEvent[], over: Partial<DemoRun> = {}): DemoRun => ({
  model: 'asyncawait',
  demo: 'serial',
  options: { stepMs: 4 },
  events,
  error: null,
  ...over,
});

const serial: DemoEvent[] = [
  { t: 4.2, lane: 'foo', event: 'widget 0' },
  { t: 8.5, lane: 'foo', event: 'widget 1' },
  { t: 8.6, lane: 'main', event: 'foo is done!' },
  { t: 12.9, lane: 'bar', event: 'widget 0' },
  { t: 13, lane: 'main', event: 'bar is done!' },
];

describe('a demo timeline', () => {
  it('draws one mark per event, in its lane, with the lanes that have events in the order main, foo, bar, thread', async () => {
    const svg = await timelineSvg(run(serial));
    expect(marks(svg)).toHaveLength(serial.length);
    expect(laneLabels(svg)).toEqual(['main', 'foo', 'bar']);
    // each mark says which lane and event it is (Vega's aria-label of the item)
    for (const e of serial)
      expect(
        marks(svg).filter(
          (m) => m.includes(`lane: ${e.lane};`) && m.includes(`event: ${e.event};`),
        ),
      ).not.toHaveLength(0);
  });

  it('has a time axis in ms, the model and demo in its title, and no ids (many share one page)', async () => {
    const svg = await timelineSvg(run(serial));
    expect(svg).toMatch(/^<svg role="img" [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<title>asyncawait · serial: 5 events</title>');
    expect(svg).toContain('>ms since the demo started</text>');
    expect(svg).toContain('>foo 10, bar 10 widgets, 4 ms a step</text>');
    expect(svg).not.toMatch(/\sid="/);
  });

  it('places later events further right on the time axis', async () => {
    const svg = await timelineSvg(run(serial));
    const x = marks(svg).map((m) => Number(/transform="translate\(([\d.]+),/.exec(m)![1]));
    const t = marks(svg).map((m) => Number(/ms: ([\d.]+)"/.exec(m)![1]));
    for (let i = 1; i < x.length; i++)
      if (t[i]! > t[i - 1]!) expect(x[i]!).toBeGreaterThan(x[i - 1]!);
  });

  it('holds for any event log: as many marks as events, a lane label per lane used', async () => {
    const event = fc.record({
      t: fc.double({ min: 0, max: 5000, noNaN: true }),
      lane: fc.constantFrom<DemoLane>(...LANES),
      event: fc.oneof(
        fc.nat(30).map((n) => `widget ${n}`),
        fc.constantFrom('poll', 'foo is done!', 'start'),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), async (events) => {
        const svg = await timelineSvg(run(events));
        expect(marks(svg)).toHaveLength(events.length);
        expect(laneLabels(svg)).toEqual(lanesOf(events));
        const spec = timelineSpec(run(events)) as unknown as {
          data: { values: unknown[] };
          encoding: { y: { scale: { domain: string[] } } };
        };
        expect(spec.data.values).toHaveLength(events.length);
        expect(spec.encoding.y.scale.domain).toEqual(lanesOf(events));
      }),
      { numRuns: 25 },
    );
  });

  it('says why in place of marks when the run failed', async () => {
    const svg = await timelineSvg(run([], { error: 'ENORESULT: no result within 60000 ms' }));
    expect(marks(svg)).toEqual([]);
    expect(svg).toContain('failed: ENORESULT: no result within 60000 ms');
  });

  it('goes to timelines/<demo>-<model>.svg beside REPORT.md', () => {
    expect(timelinePath({ demo: 'asCompleted', model: 'deferred-inline' })).toBe(
      'timelines/asCompleted-deferred-inline.svg',
    );
  });
});

describe('the demos run for the report', () => {
  it('runs every demo in every model, each to its event log with foo and bar making widgets', async () => {
    const steps = Object.fromEntries(DEMO_NAMES.map((n) => [n, 1])) as Record<
      (typeof DEMO_NAMES)[number],
      number
    >;
    const runs = await runDemos(models, steps);
    expect(runs.map((r) => `${r.demo}/${r.model}`)).toEqual(
      DEMO_NAMES.flatMap((d) => models.map((m) => `${d}/${m.name}`)),
    );
    for (const r of runs) {
      expect(r.error, `${r.demo} in ${r.model}`).toBeNull();
      expect(r.options).toEqual({ stepMs: 1 });
      expect(lanesOf(r.events), `${r.demo} in ${r.model}`).toEqual(
        expect.arrayContaining(['foo', 'bar']),
      );
    }
  }, 120_000);
});
