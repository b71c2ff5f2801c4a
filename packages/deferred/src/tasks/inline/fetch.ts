/**
 * Twisted model, inlineCallbacks — T1 fetchPage and T2 fetchAll (comparisons/SPEC.md),
 * the same tasks as ../fetch.ts written as generators: `yield` waits on a Deferred,
 * try/catch handles its failure. Lineage: Twisted's @inlineCallbacks. Next: echo.ts.
 */
import type { Deferred } from '../../deferred.js';
import { inlineCallbacks } from '../../inline-callbacks.js';
import { DeferredSemaphore } from '../../locks.js';
import { reactor } from '../../reactor.js';
import { Agent } from '../../web/agent.js';
import { PartialDownloadError } from '../../web/errors.js';
import { Headers } from '../../web/headers.js';
import { readBody } from '../../web/read-body.js';
import type { Response } from '../../web/response.js';
import { gatherFailFast } from '../support/gather.js';
import type { FetchAllOptions, FetchOptions, Page } from '../support/options.js';
import {
  checkConcurrency,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_BODY_BYTES,
} from '../support/options.js';
import { toPage } from '../support/page.js';

const getPage = inlineCallbacks(function* (url: string, o: FetchOptions) {
  const response: Response = yield new Agent(reactor).request('GET', url, new Headers(o.headers));
  let body: Uint8Array;
  try {
    body = yield readBody(response, o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  } catch (err) {
    if (!(err instanceof PartialDownloadError)) throw err;
    body = err.response; // a body ended by close: Twisted can't vouch for it, but it is whole here
  }
  return toPage(response, body);
});

/** GET `url`; fires with its Page (any status), or fails with a coded error. */
export function fetchPage(url: string, o: FetchOptions = {}): Deferred<Page> {
  const d = getPage(url, o);
  return o.timeoutMs === undefined ? d : d.addTimeout(o.timeoutMs, reactor);
}

/** Every Page in input order, at most `concurrency` at once; the first failure cancels the rest. */
export const fetchAll = inlineCallbacks(function* (urls: string[], o: FetchAllOptions = {}) {
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  checkConcurrency(concurrency);
  const semaphore = new DeferredSemaphore(concurrency);
  const pages: Page[] = yield gatherFailFast(urls.map((url) => semaphore.run(fetchPage, url, o)));
  return pages;
});
