/**
 * asyncio-callback model — T1 fetchPage and T2 fetchAll, written "with callbacks" as
 * Tulip's first examples were: no chaining, no await; each step starts the next from
 * inside the previous Future's done-callback.
 * Contract: comparisons/SPEC.md T1/T2; failures are the returned Future's exception; the
 * first step runs in the loop's next iteration, as a Task's would, so a cancel that comes
 * first means nothing starts.
 * Lineage: PEP 3156 / Tulip, asyncio Futures + `loop.callLater`. Read echo.ts next.
 */
import { TimeoutError } from '../errors.js';
import type { Future } from '../future.js';
import { type Response, request } from '../http/client.js';
import { getEventLoop } from '../loop.js';
import { checkCount, checkTimeout, firstError } from './options.js';
import { type FetchAllOptions, type FetchOptions, type Page, toPage } from './page.js';

/** GET `url`: request → done-callback → read the body → done-callback → the Page. */
export function fetchPage(url: string, o: FetchOptions = {}): Future<Page> {
  const loop = o.loop ?? getEventLoop();
  const page = loop.createFuture<Page>();
  const bad = checkTimeout(o.timeoutMs);
  if (bad) {
    page.setException(bad);
    return page;
  }
  let step: Future<Response> | Future<Uint8Array> | null = null;
  const deadline =
    o.timeoutMs === undefined
      ? null
      : loop.callLater(o.timeoutMs, () => {
          step?.cancel();
          page.setException(new TimeoutError(`GET ${url}: no answer in ${o.timeoutMs} ms`));
        });
  page.addDoneCallback(() => {
    deadline?.cancel();
    step?.cancel(); // the caller cancelled (or it is over): stop the step in progress
  });

  loop.callSoon(() => {
    if (page.done()) return; // cancelled before the first step: nothing starts
    const requesting = request(loop, 'GET', url, o);
    step = requesting;
    requesting.addDoneCallback((f) => {
      if (page.done()) return;
      if (f.exception() !== null) return page.setException(f.exception());
      const response = f.result();
      const reading = response.read();
      step = reading;
      reading.addDoneCallback((b) => {
        if (page.done()) return;
        if (b.exception() !== null) return page.setException(b.exception());
        page.setResult(toPage(response, b.result()));
      });
    });
  });
  return page;
}

/** Every page, in input order, with at most `concurrency` in flight (a hand-kept counter). */
export function fetchAll(urls: readonly string[], o: FetchAllOptions = {}): Future<Page[]> {
  const loop = o.loop ?? getEventLoop();
  const all = loop.createFuture<Page[]>();
  const bad = firstError(
    checkCount('concurrency', o.concurrency, 1, true),
    checkTimeout(o.timeoutMs),
  );
  if (bad) {
    all.setException(bad);
    return all;
  }
  const pages: Page[] = new Array(urls.length);
  const inFlight = new Set<Future<Page>>();
  let started = 0;
  let finished = 0;

  const startNext = (): void => {
    const i = started++;
    const one = fetchPage(urls[i]!, { ...o, loop });
    inFlight.add(one);
    one.addDoneCallback((f) => {
      inFlight.delete(f);
      if (f.cancelled()) return;
      const exc = f.exception(); // looked at even when too late, so it is not reported as lost
      if (all.done()) return;
      if (exc !== null) return all.setException(exc); // fail fast
      pages[i] = f.result();
      if (++finished === urls.length) all.setResult(pages);
      else if (started < urls.length) startNext();
    });
  };

  all.addDoneCallback(() => {
    for (const f of inFlight) f.cancel(); // failed or cancelled: stop the rest
  });
  if (urls.length === 0) all.setResult([]);
  loop.callSoon(() => {
    while (!all.done() && started < Math.min(o.concurrency ?? 8, urls.length)) startNext();
  });
  return all;
}
