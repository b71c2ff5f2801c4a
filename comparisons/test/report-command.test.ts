/**
 * `rosetta report` as users run it: the compiled CLI (comparisons/dist/cli.js, built by
 * vitest's globalSetup) in a child process, writing into a temporary folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { models } from '../src/models/index.js';
import { latestBench } from '../src/report/bench.js';
import { embeddedHash, inputsHash } from '../src/report/hash.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const CLI = join(ROOT, 'comparisons/dist/cli.js');
const out = mkdtempSync(join(tmpdir(), 'rosetta-report-out-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('rosetta report', () => {
  it('writes the page, the Markdown and the charts for the models asked, carrying the hash of its inputs', async () => {
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
    expect(existsSync(join(out, 'slides'))).toBe(false);
  }, 600_000);
});
