/**
 * async/await model — T1 fetchPage and T2 fetchAll as a user of native async functions
 * writes them: one AbortSignal carries cancel and deadline down to the socket; `for await`
 * reads the body; a pool of async workers sharing one index bounds the concurrency.
 * Contract: comparisons/SPEC.md T1/T2; every failure, EINVAL included, is a rejection
 * whose error carries `code`, never a synchronous throw.
 * Lineage: PEP 492 / ECMAScript 2017 async functions on node:http; the fail-fast of
 * fetchAll is asyncio's TaskGroup (Lib/asyncio/taskgroups.py) done by hand with an
 * AbortController. Read echo.ts next; the helpers are in support/.
 */
import { setMaxListeners } from 'node:events';
import type { IncomingMessage } from 'node:http';
import {
  bodyTooLarge,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
  type Page,
} from '@async-rosetta/task-spec';
import { Deadline } from './support/deadline.js';
import { toTaskError } from './support/errors.js';
import { get } from './support/http.js';
import { callerSignal, type FetchAllOptions, type FetchOptions } from './support/options.js';

/**
 * GETs `url` on a fresh connection; any status is a Page.
 *
 * @example
 * const page = await fetchPage('http://127.0.0.1:8080/', { timeoutMs: 5_000 });
 */
export async function fetchPage(url: string, o: FetchOptions = {}): Promise<Page> {
  const { options, error } = normalizeFetchOptions(url, o);
  if (error) throw error;
  const { maxBodyBytes, headers } = options;
  const deadline = new Deadline(options.timeoutMs, callerSignal(o));
  let res: IncomingMessage | undefined;
  try {
    deadline.signal.throwIfAborted();
    res = await get(options.url, { headers, signal: deadline.signal });
    if (Number(res.headers['content-length']) > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
      chunks.push(chunk);
    }
    return {
      status: res.statusCode!,
      statusText: res.statusMessage!,
      httpVersion: res.httpVersion,
      headers: { ...res.headersDistinct } as Record<string, string[]>,
      body: Buffer.concat(chunks, length),
    };
  } catch (err) {
    throw toTaskError(err, deadline.signal);
  } finally {
    deadline.clear();
    res?.destroy(); // on an early exit this closes the socket at once; after a whole body, a no-op
  }
}

/**
 * Every page, in input order, at most `concurrency` at a time; the first failure rejects
 * the whole and aborts the requests in flight; queued URLs never start.
 *
 * @example
 * const pages = await fetchAll(urls, { concurrency: 4, signal: AbortSignal.timeout(30_000) });
 */
export async function fetchAll(urls: string[], o: FetchAllOptions = {}): Promise<Page[]> {
  const { options, error } = normalizeFetchAllOptions(urls, o);
  if (error) throw error; // a bad URL anywhere: before any request
  const { urls: targets, concurrency, ...perPage } = options;
  const group = new AbortController(); // aborted by the first failure
  const caller = callerSignal(o);
  const signal = caller ? AbortSignal.any([caller, group.signal]) : group.signal;
  setMaxListeners(0, signal); // one abort listener per request in flight is the design
  const pages = new Array<Page>(targets.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < targets.length) {
      const i = next++;
      pages[i] = await fetchPage(targets[i]!, { ...perPage, signal });
    }
  }
  const workers = Array.from({ length: Math.min(concurrency, targets.length) }, worker);
  try {
    await Promise.all(workers);
  } catch (err) {
    group.abort(err); // fail-fast: cancel the requests in flight
    await Promise.allSettled(workers); // and wait until they have wound down
    throw err;
  }
  return pages;
}
