/**
 * Twisted model, inlineCallbacks — T1 fetchPage and T2 fetchAll, the same tasks as ../fetch.ts
 * written as generators: `yield` waits on a Deferred, try/catch takes its failure.
 * Contract: comparisons/SPEC.md T1, T2; options and EINVAL from task-spec's normalisers.
 * Lineage: twisted/internet/defer.py (inlineCallbacks, DeferredSemaphore, gatherResults,
 * FirstError) over twisted/web/client.py (Agent, readBody). Read echo.ts next.
 */
import {
  type FetchAllOptions,
  type FetchOptions,
  type FetchRequest,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
  type Page,
} from '@async-rosetta/task-spec';
import { type Deferred, fail } from '../../deferred.js';
import { gatherResults } from '../../deferred-list.js';
import { FirstError } from '../../errors.js';
import { inlineCallbacks } from '../../inline-callbacks.js';
import { DeferredSemaphore } from '../../locks.js';
import { reactor } from '../../reactor.js';
import { Agent } from '../../web/agent.js';
import { PartialDownloadError } from '../../web/errors.js';
import { Headers } from '../../web/headers.js';
import { readBody } from '../../web/read-body.js';
import type { Response } from '../../web/response.js';
import { timedOut } from '../support/errors.js';
import { toPage } from '../support/page.js';

const requestPage = inlineCallbacks(function* ({ url, headers, maxBodyBytes }: FetchRequest) {
  const response: Response = yield new Agent(reactor).request('GET', url, new Headers(headers));
  let body: Uint8Array;
  try {
    body = yield readBody(response, maxBodyBytes);
  } catch (err) {
    if (!(err instanceof PartialDownloadError)) throw err;
    body = err.response; // a body ended by close: Twisted can't vouch for it, but it is whole here
  }
  return toPage(response, body);
});

/** GET `url`; fires with its Page (any status), or fails with a coded error. */
export function fetchPage(url: string, o?: FetchOptions): Deferred<Page> {
  const { error, options } = normalizeFetchOptions(url, o);
  return error ? fail(error) : getPage(options);
}

/** One request, normalised: the Page, within its deadline. */
function getPage(request: FetchRequest): Deferred<Page> {
  const d = requestPage(request);
  return request.timeoutMs === undefined ? d : d.addTimeout(request.timeoutMs, reactor, timedOut);
}

/** Every Page in input order, at most `concurrency` at once; the first failure cancels the rest. */
export const fetchAll = inlineCallbacks(function* (urls: string[], o?: FetchAllOptions) {
  const { error, options } = normalizeFetchAllOptions(urls, o);
  if (error) throw error;
  const semaphore = new DeferredSemaphore(options.concurrency);
  const requests = options.urls.map((url) => semaphore.run(getPage, { ...options, url }));
  try {
    const pages: Page[] = yield gatherResults(requests, true);
    return pages;
  } catch (err) {
    // Last first, so the queued ones are gone before a running one's release could start them.
    for (const request of requests.slice().reverse()) request.cancel();
    if (err instanceof FirstError) err.subFailure.raiseException(); // the first failure is the whole's
    throw err;
  }
});
