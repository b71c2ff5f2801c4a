/**
 * asyncio-callback model — T1 fetchPage and T2 fetchAll with Futures and done-callbacks:
 * no chaining, no await; each step starts the next from the previous Future's callback.
 * Contract: comparisons/SPEC.md T1/T2; every failure, EINVAL included, is the returned
 * Future's exception; the first step runs in the loop's next iteration, as a Task's would,
 * so a cancel that comes first means nothing starts.
 * Lineage: the Future-per-step shape of Tornado's guide (docs/guide/async.rst: a Future
 * completed from the fetch Future's done-callback) and of asyncio's `_chain_future`
 * (Lib/asyncio/futures.py); the deadline is `loop.call_later` (Lib/asyncio/base_events.py):
 * knowingly a blend, asyncio's Futures and loop used the way Tornado's guide shows.
 * Read echo.ts next.
 */
import {
  deadlineMessage,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
  type Page,
} from '@async-rosetta/task-spec';
import { TimeoutError } from '../errors.js';
import type { Future } from '../future.js';
import { request } from '../http/client.js';
import type { FetchAllOptions, FetchOptions } from './support/options.js';
import { toPage } from './support/page.js';
import { failed, withLoop } from './support/start.js';

/** GET `url`: request → done-callback → read the body → done-callback → the Page. */
export function fetchPage(url: string, o: FetchOptions = {}): Future<Page> {
  const { loop, options, error } = withLoop(o, normalizeFetchOptions(url, o));
  if (error) return failed(loop, error);
  const { timeoutMs } = options;
  const page = loop.createFuture<Page>();
  let step: Future<unknown> | null = null; // the request in flight, then the body read
  page.addDoneCallback(() => step?.cancel()); // cancelled, failed or timed out: stop it
  if (timeoutMs !== undefined) {
    const timer = loop.callLater(timeoutMs, () => {
      if (!page.done()) page.setException(new TimeoutError(deadlineMessage(timeoutMs)));
    });
    page.addDoneCallback(() => timer.cancel());
  }
  loop.callSoon(() => {
    if (page.done()) return; // cancelled before the first step: nothing starts
    const requesting = request(loop, 'GET', options.url, options);
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

/** Every page, in input order, at most `concurrency` in flight: a done-callback counter. */
export function fetchAll(urls: readonly string[], o: FetchAllOptions = {}): Future<Page[]> {
  const { loop, options, error } = withLoop(o, normalizeFetchAllOptions(urls, o));
  if (error) return failed(loop, error); // a bad URL anywhere: before any request
  const { urls: targets, concurrency, ...perPage } = options;
  const all = loop.createFuture<Page[]>();
  const pages: Page[] = new Array(targets.length);
  const inFlight = new Set<Future<Page>>();
  all.addDoneCallback(() => {
    for (const fetching of inFlight) fetching.cancel(); // failed or cancelled: stop the rest
  });
  let started = 0;
  let finished = 0;
  const startNext = (): void => {
    const i = started++;
    const fetching = fetchPage(targets[i]!, { ...perPage, loop });
    inFlight.add(fetching);
    fetching.addDoneCallback((f) => {
      inFlight.delete(f);
      if (f.cancelled()) return; // by all's done-callback: all is over
      const exc = f.exception(); // looked at even when late, so none is "never retrieved"
      if (all.done()) return;
      if (exc !== null) return all.setException(exc); // fail-fast: the first failure fails all
      pages[i] = f.result();
      if (++finished === targets.length) all.setResult(pages);
      else if (started < targets.length) startNext(); // queued ones start as others finish
    });
  };
  if (targets.length === 0) all.setResult([]);
  loop.callSoon(() => {
    while (!all.done() && started < Math.min(concurrency, targets.length)) startNext();
  });
  return all;
}
