/**
 * Tests of `rosetta demo <name>` as users run it: the compiled CLI (comparisons/dist/cli.js,
 * built by vitest's globalSetup) in a child process, over whatever models the registry holds.
 * The timeline must show each demo's order; `--json` must carry the event log; bad usage
 * exits 2 with a one-line reason and the usage. Read demos.test.ts for the orders themselves.
 */
import { spawn } from 'node:child_process';
import type { DemoEvent } from '@async-rosetta/task-spec';
import { describe, expect, it } from 'vitest';
import { drawTimeline } from '../src/cli/demo-timeline.js';
import { HELP_HINT } from '../src/cli/usage.js';
import { models } from '../src/models/index.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const names = models.map((m) => m.name);
const first = names[0] ?? '(no model registered)';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (killed after `timeoutMs`). */
function rosetta(args: string[], timeoutMs = 60_000): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The cells of one lane's row of a drawn timeline (between the two │). */
function row(stdout: string, lane: string): string {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${lane} `));
  expect(line, `a ${lane} row`).toBeDefined();
  return /│(.*)│/.exec(line!)![1]!;
}

/** Columns of a row that hold a mark (not the empty `·`). */
const marked = (cells: string) => [...cells].flatMap((c, i) => (c === '·' ? [] : [i]));

describe('rosetta demo <name>', () => {
  it('draws serial as two lanes, every foo widget left of every bar widget', async () => {
    // feihong/tulip-talk demos/1-serial: foo's widgets appear, then bar's
    const r = await rosetta(['demo', 'serial', '--model', first, '--step', '5']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${first} · serial — foo 10, bar 10 widgets, 5 ms a step`);
    const foo = marked(row(r.stdout, 'foo'));
    const bar = marked(row(r.stdout, 'bar'));
    expect(foo.length).toBeGreaterThan(0);
    expect(bar.length).toBeGreaterThan(0);
    expect(Math.max(...foo)).toBeLessThanOrEqual(Math.min(...bar));
    expect(r.stdout).toMatch(/\d+ ms {2}foo is done!\n.*\d+ ms {2}bar is done!/);
  });

  it('draws threadsafe with a thread lane, for every model', async () => {
    // demos/6-call_soon_threadsafe: foo, bar and the thread that makes bar's widgets
    const r = await rosetta(['demo', 'threadsafe', '--step', '10']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const name of names) expect(r.stdout).toContain(`${name} · threadsafe`);
    expect(r.stdout.match(/^ {2}thread +│/gm)).toHaveLength(names.length);
  });

  it('--json prints one event log per model; as-completed handles bar (8 widgets) before foo (12)', async () => {
    // demos/4-as_completed: results in the order the coroutines finish
    const r = await rosetta(['demo', 'as-completed', '--model', 'all', '--step', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(names.length);
    for (const [i, line] of lines.entries()) {
      const { model, demo, events } = JSON.parse(line) as {
        model: string;
        demo: string;
        events: DemoEvent[];
      };
      expect(model).toBe(names[i]);
      expect(demo).toBe('as-completed');
      expect(events.filter((e) => e.lane === 'foo')).toHaveLength(12);
      expect(events.filter((e) => e.lane === 'bar')).toHaveLength(8);
      const done = events.filter((e) => e.lane === 'main').map((e) => e.event);
      expect(done).toEqual(['bar is done!', 'foo is done!']);
    }
  });

  it('exits 2 with a one-line reason and a line pointing at --help on an unknown demo, model or step', async () => {
    // the rosetta contract (comparisons/src/cli/main.ts): bad usage → exit 2
    for (const [args, reason] of [
      [['demo', 'nope'], "unknown demo 'nope' (known: serial, simultaneous, wait, as-completed"],
      [['demo', 'serial', '--model', 'nope'], "unknown model 'nope'"],
      [['demo', 'serial', '--step', '0'], '--step must be an integer from 1 to 10000'],
      [['demo', 'serial', 'wait'], 'demo takes one demo name'],
    ] as const) {
      const r = await rosetta([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const [line, ...rest] = r.stderr.trimEnd().split('\n');
      expect(line).toContain(`rosetta: ${reason}`);
      expect(rest).toEqual([HELP_HINT]);
    }
  });

  it('--help lists the demo command with its six names', async () => {
    const r = await rosetta(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('demo <serial|simultaneous|wait|as-completed|executor|threadsafe>');
  });
});

describe('drawTimeline()', () => {
  it('marks each widget with its last digit at its time, several in one column as #, polls as ?', () => {
    const events: DemoEvent[] = [
      { t: 0, lane: 'main', event: 'poll' },
      { t: 10, lane: 'foo', event: 'widget 0' },
      { t: 50, lane: 'bar', event: 'widget 11' },
      { t: 100, lane: 'bar', event: 'widget 12' },
      { t: 100, lane: 'bar', event: 'widget 13' },
      { t: 100, lane: 'main', event: 'bar is done!' },
    ];
    const lines = drawTimeline('m', 'simultaneous', { stepMs: 10 }, events);
    expect(lines[0]).toBe('m · simultaneous — foo 10, bar 10 widgets, 10 ms a step');
    const cells = (lane: string) => row(lines.join('\n'), lane);
    expect(cells('main')).toBe(`?${'·'.repeat(58)}*`);
    expect(cells('foo')).toBe(`${'·'.repeat(6)}0${'·'.repeat(53)}`);
    expect(cells('bar')).toBe(`${'·'.repeat(30)}1${'·'.repeat(28)}#`);
    expect(lines.some((l) => l.includes('thread'))).toBe(false);
    expect(lines).toContain('    100 ms  bar is done!');
    expect(lines).toContain('  1 polls (?) by main');
  });
});
