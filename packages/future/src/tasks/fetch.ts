/**
 * asyncio-callback model — T1 fetchPage and T2 fetchAll, written "with callbacks" as
 * Tulip's first examples were: no chaining, no await; each step starts the next from
 * inside the previous Future's done-callback.
 * Contract: comparisons/SPEC.md T1/T2; failures are the returned Future's exception; the
 * first step runs in the loop's next iteration, as a Task's would, so a cancel that comes
 * first means nothing starts.
 * Lineage: PEP 3156 / Tulip, asyncio Futures + `loop.callSoon`. Read echo.ts next.
 */
import type { Page } from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import { request } from '../http/client.js';
import { getEventLoop } from '../loop.js';
import { checkFetch, checkFetchAll, failed } from './checks.js';
import { deadline } from './deadline.js';
import { gatherInto } from './gather-into.js';
import { DEFAULT_CONCURRENCY, type FetchAllOptions, type FetchOptions } from './options.js';
import { toPage } from './page.js';

/** GET `url`: request → done-callback → read the body → done-callback → the Page. */
export function fetchPage(url: string, o: FetchOptions = {}): Future<Page> {
  const loop = o.loop ?? getEventLoop();
  const bad = checkFetch(o);
  if (bad) return failed(loop, bad);
  const page = loop.createFuture<Page>();
  let step: Future<unknown> | null = null; // the request in flight, then the body read
  page.addDoneCallback(() => step?.cancel()); // cancelled, failed or timed out: stop it
  deadline(page, o.timeoutMs, `GET ${url}`);
  loop.callSoon(() => {
    if (page.done()) return; // cancelled before the first step: nothing starts
    const requesting = request(loop, 'GET', url, o);
    step = requesting;
    requesting.addDoneCallback((f) => {
      if (f.cancelled()) return; // by page's done-callback: page is over
      if (f.exception() !== null) {
        if (!page.done()) page.setException(f.exception()); // refused, reset, EPROTO…
        return;
      }
      const response = f.result();
      if (page.done()) return response.close(); // cancelled meanwhile: drop the connection
      const reading = response.read();
      step = reading;
      reading.addDoneCallback((b) => {
        if (b.cancelled()) return;
        if (b.exception() !== null) {
          if (!page.done()) page.setException(b.exception()); // reset mid-body, ETOOLARGE…
          return;
        }
        if (!page.done()) page.setResult(toPage(response, b.result()));
      });
    });
  });
  return page;
}

/** Every page, in input order, with at most `concurrency` in flight (a hand-kept counter). */
export function fetchAll(urls: readonly string[], o: FetchAllOptions = {}): Future<Page[]> {
  const loop = o.loop ?? getEventLoop();
  const bad = checkFetchAll(o);
  if (bad) return failed(loop, bad);
  const all = loop.createFuture<Page[]>();
  const pages: Page[] = new Array(urls.length);
  let started = 0;
  let finished = 0;
  const startNext = (): void => {
    const i = started++;
    gatherInto(all, fetchPage(urls[i]!, { ...o, loop }), (page) => {
      pages[i] = page;
      if (++finished === urls.length) all.setResult(pages);
      else if (started < urls.length) startNext();
    }); // the first failure fails all; all's end cancels the pages in flight
  };
  if (urls.length === 0) all.setResult([]);
  loop.callSoon(() => {
    const limit = Math.min(o.concurrency ?? DEFAULT_CONCURRENCY, urls.length);
    while (!all.done() && started < limit) startNext();
  });
  return all;
}
