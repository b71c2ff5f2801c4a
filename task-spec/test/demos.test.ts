/**
 * The demos' options (task-spec/src/demos.ts): `demoSettings` fills in the talk's defaults and
 * answers a value outside its domain with an EINVAL error value — never a throw — and the
 * demo log keeps time order. Property-based (fast-check) over the domain's edges.
 * Lineage: feihong/tulip-talk demos/ (the counts 10/10, 12/8, 8/12). Read ../src/demos.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_STEP_MS,
  DEMO_NAMES,
  DemoLog,
  demoSettings,
  MAX_DEMO_WIDGETS,
  makeWidgetsSynchronously,
  TaskError,
} from '../src/index.js';

describe('demoSettings()', () => {
  it('fills in the talk’s counts, a 100 ms step and a poll every three steps', () => {
    // feihong/tulip-talk demos/4-as_completed (12 and 8), 5-run_in_executor (8 and 12), the rest 10 and 10
    expect(demoSettings('serial').options).toEqual({
      stepMs: DEFAULT_DEMO_STEP_MS,
      pollMs: 3 * DEFAULT_DEMO_STEP_MS,
      foo: 10,
      bar: 10,
    });
    expect(demoSettings('asCompleted').options).toMatchObject({ foo: 12, bar: 8 });
    expect(demoSettings('executor').options).toMatchObject({ foo: 8, bar: 12 });
    expect(demoSettings('simultaneous', { stepMs: 7 }).options).toMatchObject({ pollMs: 21 });
  });

  it('keeps every option inside its domain', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEMO_NAMES),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: MAX_DEMO_WIDGETS }),
        fc.integer({ min: 0, max: MAX_DEMO_WIDGETS }),
        (name, stepMs, pollMs, foo, bar) => {
          const checked = demoSettings(name, { stepMs, pollMs, foo, bar });
          expect(checked.options).toEqual({ stepMs, pollMs, foo, bar });
        },
      ),
    );
  });

  it('answers a value outside the domain with EINVAL and one line naming the option, never a throw', () => {
    const bad = fc.oneof(
      fc.record({
        stepMs: fc.oneof(fc.double({ max: -0.001 }), fc.constant(Number.NaN), fc.string()),
      }),
      fc.record({ pollMs: fc.oneof(fc.double({ max: 0.999 }), fc.constant(Infinity)) }),
      fc.record({ foo: fc.oneof(fc.integer({ max: -1 }), fc.constant(1.5), fc.constant('3')) }),
      fc.record({ bar: fc.oneof(fc.integer({ min: MAX_DEMO_WIDGETS + 1 }), fc.constant(null)) }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...DEMO_NAMES), bad, (name, o) => {
        const { error } = demoSettings(name, o);
        expect(error).toBeInstanceOf(TaskError);
        expect(error?.code).toBe('EINVAL');
        expect(error?.message).toContain(Object.keys(o)[0]);
        expect(error?.message).not.toContain('\n');
      }),
    );
    for (const o of ['fast', null, [1], 5]) {
      expect(demoSettings('serial', o).error?.code).toBe('EINVAL');
    }
  });
});

describe('DemoLog', () => {
  it('gives its entries in time order, an event timed elsewhere (a thread) in its place', () => {
    const log = new DemoLog();
    log.add('main', 'first');
    log.at(-1, 'thread', 'before the start');
    log.add('foo', 'widget 0');
    expect(log.entries.map((e) => e.event)).toEqual(['before the start', 'first', 'widget 0']);
  });
});

describe('makeWidgetsSynchronously()', () => {
  it('makes each widget a step after the last, reporting each at once, on the shared clock', () => {
    // feihong/tulip-talk demolib.py make_widget_synchronous (a blocking sleep per widget)
    const log = new DemoLog();
    const seen: [number, number][] = [];
    const times = makeWidgetsSynchronously(3, 2, log.start, (i, t) => seen.push([i, t]));
    expect(seen.map(([i]) => i)).toEqual([0, 1, 2]);
    expect(seen.map(([, t]) => t)).toEqual(times);
    for (let i = 1; i < 3; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2);
  });
});
