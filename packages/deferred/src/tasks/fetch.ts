/**
 * Twisted model, chained callbacks — T1 fetchPage and T2 fetchAll, the exhibit.
 * Contract: comparisons/SPEC.md T1, T2; options and EINVAL from task-spec's normalisers.
 * Agent.request fires with the Response once its headers are in, readBody collects the body,
 * addTimeout sets the one deadline; fetchAll bounds the requests with a DeferredSemaphore,
 * gathers them with gatherResults, and on the first failure cancels the rest.
 * Lineage: twisted/web/client.py (Agent, readBody) and twisted/internet/defer.py
 * (DeferredSemaphore, gatherResults, addTimeout). Read echo.ts next, then inline/fetch.ts.
 */
import {
  type FetchAllOptions,
  type FetchOptions,
  type FetchRequest,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
  type Page,
} from '@async-rosetta/task-spec';
import { type Deferred, fail } from '../deferred.js';
import { gatherResults } from '../deferred-list.js';
import type { FirstError } from '../errors.js';
import type { Failure } from '../failure.js';
import { DeferredSemaphore } from '../locks.js';
import { reactor } from '../reactor.js';
import { Agent } from '../web/agent.js';
import { PartialDownloadError } from '../web/errors.js';
import { Headers } from '../web/headers.js';
import { readBody } from '../web/read-body.js';
import { timedOut } from './support/errors.js';
import { toPage } from './support/page.js';

/** GET `url`; fires with its Page (any status), or fails with a coded error. */
export function fetchPage(url: string, o?: FetchOptions): Deferred<Page> {
  const { error, options } = normalizeFetchOptions(url, o);
  return error ? fail(error) : getPage(options);
}

/** One request, normalised: the Page, within its deadline. */
function getPage({ url, headers, maxBodyBytes, timeoutMs }: FetchRequest): Deferred<Page> {
  const d = new Agent(reactor).request('GET', url, new Headers(headers)).addCallback((response) =>
    readBody(response, maxBodyBytes)
      .addErrback((f: Failure) => {
        f.trap(PartialDownloadError); // a body ended by close: Twisted can't vouch for it
        return (f.value as PartialDownloadError).response; // … but it is the whole body here
      })
      .addCallback((body) => toPage(response, body)),
  );
  return timeoutMs === undefined ? d : d.addTimeout(timeoutMs, reactor, timedOut);
}

/** Every Page in input order, at most `concurrency` at once; the first failure cancels the rest. */
export function fetchAll(urls: string[], o?: FetchAllOptions): Deferred<Page[]> {
  const { error, options } = normalizeFetchAllOptions(urls, o);
  if (error) return fail(error);
  const semaphore = new DeferredSemaphore(options.concurrency);
  const requests = options.urls.map((url) => semaphore.run(getPage, { ...options, url }));
  return gatherResults(requests, true).addErrback((f: Failure) => {
    // Last first, so the queued ones are gone before a running one's release could start them.
    for (const request of requests.slice().reverse()) request.cancel();
    return (f.value as FirstError).subFailure; // the first failure is the whole's
  });
}
