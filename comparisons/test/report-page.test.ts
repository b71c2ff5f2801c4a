/**
 * The committed report (report/index.html, report/REPORT.md) as readers get it: regenerated
 * from the current sources, and working in a real browser — headless Chromium from the
 * @sparticuz/chromium package, driven by playwright-core, opening the page from file://.
 * A stale report fails here: `pnpm rosetta report` regenerates it. Each demo's timeline is
 * drawn for every model, as many marks as its run logged events.
 * Follows playwright-core's own page events (`packages/playwright-core/src/client/page.ts`:
 * 'console', 'pageerror', 'requestfailed').
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_NAMES } from '@async-rosetta/task-spec';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models } from '../src/models/index.js';
import { launchChromium } from '../src/report/browser.js';
import { embeddedHash, inputsHash } from '../src/report/hash.js';
import { collectSources, linesOf } from '../src/report/sources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const PAGE = join(ROOT, 'report/index.html');
/** Where the screenshot goes: outside the repository. */
export const SCREENSHOT = join(tmpdir(), 'async-rosetta-report.png');

const fileLines = (file: string, start: number, end: number): string =>
  linesOf(readFileSync(join(ROOT, file), 'utf8'))
    .slice(start - 1, end)
    .join('\n');

describe('the committed report', () => {
  it('was generated from the current sources and bench run (else: pnpm rosetta report)', () => {
    const expected = inputsHash(ROOT, models);
    const stale =
      'report/ is stale against the sources: run `pnpm rosetta report` and commit report/';
    expect(embeddedHash(readFileSync(PAGE, 'utf8')), stale).toBe(expected);
    expect(embeddedHash(readFileSync(join(ROOT, 'report/REPORT.md'), 'utf8')), stale).toBe(
      expected,
    );
  });
});

describe('report/index.html in headless Chromium', () => {
  let browser: Browser | undefined;

  // Generous: unpacking and starting Chromium on a machine whose cores are busy is slow.
  beforeAll(async () => {
    browser = await launchChromium(240_000);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from file:// with no console error and no failed request, every task × model panel holding its file’s lines, and a working model picker', async () => {
    const page = await browser!.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    const failed: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(pathToFileURL(PAGE).href, { waitUntil: 'load', timeout: 240_000 });

    // Every task × model panel, its code exactly the lines of the file it names.
    const panels = await page.$$eval('article.panel[data-file]', (els) =>
      els.map((el) => ({
        task: el.getAttribute('data-task')!,
        model: el.getAttribute('data-model')!,
        file: el.getAttribute('data-file')!,
        start: Number(el.getAttribute('data-start')),
        end: Number(el.getAttribute('data-end')),
        code: el.querySelector(':scope > pre code')?.textContent ?? null,
        blocks: [...el.querySelectorAll(':scope > .block')].map((b) => ({
          start: Number(b.getAttribute('data-start')),
          end: Number(b.getAttribute('data-end')),
          code: b.querySelector('code')?.textContent ?? '',
        })),
      })),
    );
    const sources = collectSources(ROOT, models);
    const tasks = sources.groups.flatMap((g) => g.tasks);
    expect(tasks).toEqual(
      expect.arrayContaining(['fetchPage', 'fetchAll', 'serveEcho', 'echoClient']),
    );
    for (const task of tasks) {
      for (const m of models) {
        const exhibit = sources.exhibits[task]?.[m.name];
        if (!exhibit) continue;
        const found = panels.filter((p) => p.task === task && p.model === m.name);
        expect(found, `${task} × ${m.name}`).toHaveLength(1);
        const panel = found[0]!;
        expect([panel.file, panel.start, panel.end]).toEqual([
          exhibit.file,
          exhibit.lines.start,
          exhibit.lines.end,
        ]);
        expect(panel.code, `${task} × ${m.name}`).toBe(
          fileLines(panel.file, panel.start, panel.end),
        );
      }
    }
    // The rest of each task file is on the page too: together the panels show every non-blank line.
    for (const rest of panels.filter((p) => p.task.startsWith('rest:'))) {
      const shown = new Set<number>();
      for (const b of rest.blocks) {
        expect(b.code).toBe(fileLines(rest.file, b.start, b.end));
        for (let n = b.start; n <= b.end; n++) shown.add(n);
      }
      for (const p of panels.filter((x) => x.file === rest.file && !x.task.startsWith('rest:')))
        for (let n = p.start; n <= p.end; n++) shown.add(n);
      const lines = linesOf(readFileSync(join(ROOT, rest.file), 'utf8'));
      const missing = lines
        .map((l, i) => (l.trim() !== '' && !shown.has(i + 1) ? i + 1 : 0))
        .filter(Boolean);
      expect(missing, rest.file).toEqual([]);
    }
    // The metrics and the traces are there for every model.
    for (const m of models) {
      expect(await page.locator(`#summary-table th[data-model="${m.name}"]`).count()).toBe(1);
      expect(
        await page.locator(`article.trace[data-model="${m.name}"] pre.stack`).count(),
      ).toBeGreaterThanOrEqual(2);
    }

    // Every demo run in every model, drawn beside its code: one lane per coroutine or thread
    // that logged, one mark per event (report/timeline.ts), none failed.
    const timelines = await page.$$eval('figure.timeline', (els) =>
      els.map((el) => ({
        demo: el.getAttribute('data-demo')!,
        model: el.getAttribute('data-model')!,
        events: Number(el.getAttribute('data-events')),
        marks: el.querySelectorAll('svg g.mark-symbol.role-mark path[role="graphics-symbol"]')
          .length,
        lanes: [
          ...el.querySelectorAll('svg g.role-axis[aria-label^="Y-axis"] g.role-axis-label text'),
        ].map((t) => t.textContent),
        failed: el.querySelector('figcaption b') !== null,
        width: el.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      })),
    );
    for (const demo of DEMO_NAMES) {
      for (const m of models) {
        const found = timelines.filter((t) => t.demo === demo && t.model === m.name);
        expect(found, `${demo} × ${m.name}`).toHaveLength(1);
        const t = found[0]!;
        expect(t.failed, `${demo} × ${m.name}`).toBe(false);
        expect(t.events, `${demo} × ${m.name}`).toBeGreaterThan(0);
        expect(t.marks, `${demo} × ${m.name}`).toBe(t.events);
        expect(t.lanes, `${demo} × ${m.name}`).toEqual(expect.arrayContaining(['foo', 'bar']));
        expect(t.width, `${demo} × ${m.name}`).toBeGreaterThan(100);
      }
    }

    // The picker: hiding a model hides its panels and narrows the columns; two stay at least.
    const visible = (name: string) =>
      page.$$eval(
        `article.panel[data-model="${name}"]`,
        (els) => els.filter((e) => !(e as unknown as { hidden: boolean }).hidden).length,
      );
    const cols = () =>
      page
        .locator('html')
        .evaluate((el) =>
          (
            el as unknown as { style: { getPropertyValue(n: string): string } }
          ).style.getPropertyValue('--cols'),
        );
    const [first, second, ...others] = models.map((m) => m.name);
    expect(await visible(first!)).toBeGreaterThan(0);
    await page.locator(`#picker input[data-pick="${first}"]`).uncheck();
    expect(await visible(first!)).toBe(0);
    expect(await visible(second!)).toBeGreaterThan(0);
    expect(await cols()).toBe(String(models.length - 1));
    for (const name of others) await page.locator(`#picker input[data-pick="${name}"]`).click();
    expect(await cols()).toBe('2'); // the last model refused: two are left
    await page.locator(`#picker input[data-pick="${second}"]`).click();
    expect(await page.locator(`#picker input[data-pick="${second}"]`).isChecked()).toBe(true);
    expect(await page.locator('#picker-note').textContent()).toContain('at least two');
    for (const m of models) await page.locator(`#picker input[data-pick="${m.name}"]`).check();
    expect(await cols()).toBe(String(models.length));
    expect(await visible(first!)).toBeGreaterThan(0);

    await page.screenshot({ path: SCREENSHOT, timeout: 240_000 });
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  }, 600_000);
});
