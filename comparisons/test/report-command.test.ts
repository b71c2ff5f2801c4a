/**
 * `rosetta report` as users run it: the compiled CLI (comparisons/dist/cli.js, built by
 * vitest's globalSetup) in a child process, writing into a temporary folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_NAMES } from '@async-rosetta/task-spec';
import { afterAll, describe, expect, it } from 'vitest';
import { models } from '../src/models/index.js';
import { latestBench } from '../src/report/bench.js';
import { embeddedHash, inputsHash } from '../src/report/hash.js';
import { collectSources } from '../src/report/sources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const CLI = join(ROOT, 'comparisons/dist/cli.js');
const out = mkdtempSync(join(tmpdir(), 'rosetta-report-out-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('rosetta report', () => {
  it('writes the page, the Markdown, the charts and the demos’ timelines for the models asked, carrying the hash of its inputs', async () => {
    const two = models.slice(-2);
    const child = spawn(
      process.execPath,
      [CLI, 'report', '--out', out, '--models', two.map((m) => m.name).join(',')],
      {
        cwd: ROOT,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain(`wrote ${join(out, 'index.html')}`);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(embeddedHash(html)).toBe(inputsHash(ROOT, two));
    expect(embeddedHash(readFileSync(join(out, 'REPORT.md'), 'utf8'))).toBe(inputsHash(ROOT, two));
    for (const m of two) expect(html).toContain(`data-pick="${m.name}"`);
    for (const m of models.filter((x) => !two.includes(x)))
      expect(html).not.toContain(`data-pick="${m.name}"`);
    // self-contained: no script, style, image or font from anywhere else
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
    const suites = latestBench(ROOT)?.report.suites ?? [];
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(
      suites.map((s) => `${s.id}.svg`).sort(),
    );
    // every demo's run in each model asked, drawn as an SVG file REPORT.md shows
    expect(readdirSync(join(out, 'timelines')).sort()).toEqual(
      DEMO_NAMES.flatMap((d) => two.map((m) => `${d}-${m.name}.svg`)).sort(),
    );
    const md = readFileSync(join(out, 'REPORT.md'), 'utf8');
    for (const d of DEMO_NAMES)
      for (const m of two) expect(md).toContain(`](timelines/${d}-${m.name}.svg)`);
    expect(existsSync(join(out, 'slides'))).toBe(false);
  }, 600_000);

  it('with --slides, draws every pair, metrics row and chart as a 1920×1080 SVG and PNG', async () => {
    const two = models.slice(0, 2);
    const slidesOut = join(out, 'with-slides');
    const child = spawn(
      process.execPath,
      [CLI, 'report', '--slides', '--out', slidesOut, '--models', two.map((m) => m.name).join(',')],
      {
        cwd: ROOT,
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const sources = collectSources(ROOT, two);
    const suites = latestBench(ROOT)?.report.suites ?? [];
    const tasks = sources.groups.flatMap((g) => g.tasks);
    const expected = [
      ...tasks.map((t) => `pair-${t}-${two[0]!.name}-vs-${two[1]!.name}`),
      ...tasks.map((t) => `metrics-${t}`),
      ...suites.map((s) => `chart-${s.id}`),
    ];
    const files = readdirSync(join(slidesOut, 'slides')).sort();
    expect(files).toEqual(expected.flatMap((n) => [`${n}.png`, `${n}.svg`]).sort());
    for (const name of expected) {
      expect(readFileSync(join(slidesOut, 'slides', `${name}.svg`), 'utf8')).toMatch(
        /^<svg [^>]*width="1920" height="1080"/,
      );
      // PNG: the IHDR chunk holds the width and height, big-endian, at bytes 16 and 20
      const png = readFileSync(join(slidesOut, 'slides', `${name}.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1920, 1080]);
    }
  }, 900_000);
});
