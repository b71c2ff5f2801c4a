/**
 * Twisted model, chained callbacks — T1 fetchPage and T2 fetchAll (comparisons/SPEC.md).
 * Agent.request fires with the Response once headers are in; readBody collects the
 * body; addTimeout sets one deadline; DeferredSemaphore bounds concurrency.
 * Lineage: Twisted's Agent/readBody idiom (twisted/web/client.py). Next: echo.ts.
 */
import type { Deferred } from '../deferred.js';
import type { Failure } from '../failure.js';
import { DeferredSemaphore } from '../locks.js';
import { maybeDeferred } from '../maybe-deferred.js';
import { reactor } from '../reactor.js';
import { Agent } from '../web/agent.js';
import { PartialDownloadError } from '../web/errors.js';
import { Headers } from '../web/headers.js';
import { readBody } from '../web/read-body.js';
import { gatherFailFast } from './support/gather.js';
import type { FetchAllOptions, FetchOptions, Page } from './support/options.js';
import {
  checkConcurrency,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_BODY_BYTES,
} from './support/options.js';
import { toPage } from './support/page.js';

/** GET `url`; fires with its Page (any status), or fails with a coded error. */
export function fetchPage(url: string, o: FetchOptions = {}): Deferred<Page> {
  const d = new Agent(reactor).request('GET', url, new Headers(o.headers)).addCallback((response) =>
    readBody(response, o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
      .addErrback((f: Failure) => {
        f.trap(PartialDownloadError); // a body ended by close: Twisted can't vouch for it
        return (f.value as PartialDownloadError).response; // … but it is the whole body here
      })
      .addCallback((body) => toPage(response, body)),
  );
  return o.timeoutMs === undefined ? d : d.addTimeout(o.timeoutMs, reactor);
}

/** Every Page in input order, at most `concurrency` at once; the first failure cancels the rest. */
export function fetchAll(urls: string[], o: FetchAllOptions = {}): Deferred<Page[]> {
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  return maybeDeferred(checkConcurrency, concurrency).addCallback(() => {
    const semaphore = new DeferredSemaphore(concurrency);
    return gatherFailFast(urls.map((url) => semaphore.run(fetchPage, url, o)));
  });
}
