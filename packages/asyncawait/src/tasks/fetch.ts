/**
 * async/await model — THE exhibit for HTTP: fetchPage and fetchAll written the
 * way a user of native async functions writes them. One AbortSignal carries
 * cancel and deadline down to the socket; `for await` reads the body; a pool
 * of async workers sharing one index bounds the concurrency.
 * Lineage: PEP 492 / ECMAScript async functions on node:http.
 * Read src/tasks/echo.ts next; the helpers are src/http.ts and src/task-group.ts.
 */
import type { IncomingMessage } from 'node:http';
import { bodyTooLarge, toTaskError } from '../errors.js';
import { get } from '../http.js';
import { withDeadline } from '../signals.js';
import { taskGroup } from '../task-group.js';
import type { FetchAllOptions, FetchOptions, Page } from '../types.js';
import { checkFetchOptions, httpUrl } from '../validate.js';

/**
 * GETs `url` on a fresh connection; any status is a Page. Rejects with a coded
 * error: ETOOLARGE, ETIMEDOUT, ECANCELLED, EPROTO, ECONNRESET, ECONNREFUSED, EINVAL.
 *
 * @example
 * const page = await fetchPage('http://127.0.0.1:8080/', { timeoutMs: 5_000 });
 */
export async function fetchPage(url: string, options: FetchOptions = {}): Promise<Page> {
  const { timeoutMs, maxBodyBytes = 64 * 1024 * 1024, headers, signal } = options;
  const target = httpUrl(url);
  checkFetchOptions(options);
  const deadline = withDeadline(signal, timeoutMs);
  let res: IncomingMessage | undefined;
  try {
    deadline?.throwIfAborted();
    res = await get(target, { headers, signal: deadline });
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
    throw toTaskError(err, deadline);
  } finally {
    res?.destroy(); // on an early exit this closes the socket at once; after a whole body, a no-op
  }
}

/**
 * Fetches every URL, at most `concurrency` (default 8) at a time; resolves with
 * the Pages in input order. The first failure rejects the whole and cancels
 * the requests in flight; queued URLs never start.
 *
 * @example
 * const pages = await fetchAll(urls, { concurrency: 4, signal: AbortSignal.timeout(30_000) });
 */
export async function fetchAll(urls: string[], options: FetchAllOptions = {}): Promise<Page[]> {
  const { concurrency = 8, signal, ...perRequest } = options;
  checkFetchOptions(options);
  for (const url of urls) httpUrl(url); // a bad URL fails the whole before any request
  const pages = new Array<Page>(urls.length);
  let next = 0;
  // A pool of workers sharing one index; taskGroup aborts the others on the first failure.
  await taskGroup(
    Math.min(concurrency, urls.length),
    async (_worker, groupSignal) => {
      while (next < urls.length) {
        const i = next++;
        pages[i] = await fetchPage(urls[i]!, { ...perRequest, signal: groupSignal });
      }
    },
    signal,
  );
  return pages;
}
