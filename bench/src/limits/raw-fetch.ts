/**
 * The limit of the fetch suite: fetchAll on raw `http.request` callbacks, a
 * counter for the concurrency limit and nothing else — no Deferred, Future,
 * Task or Promise between the socket and the caller. One fresh connection per
 * request (agent: false), as SPEC.md T1 asks of every model.
 * Read global-fetch.ts next.
 */
import { request } from 'node:http';

export type Done<T> = (err: Error | null, value?: T) => void;

/** GETs `url` on a fresh connection; calls back with the body's byte count. */
export function rawFetchPage(url: string, done: Done<number>): void {
  const req = request(url, { agent: false }, (res) => {
    let bytes = 0;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    res.on('end', () => done(null, bytes));
    res.on('error', done);
  });
  req.on('error', done);
  req.end();
}

/** Fetches every URL, at most `concurrency` at once; calls back once with the byte counts in input order. */
export function rawFetchAll(
  urls: readonly string[],
  concurrency: number,
  done: Done<number[]>,
): void {
  const results: number[] = new Array(urls.length);
  let started = 0;
  let finished = 0;
  let failed = false;
  const startNext = (): void => {
    const i = started++;
    rawFetchPage(urls[i] as string, (err, bytes) => {
      if (failed) return;
      if (err) {
        failed = true;
        done(err);
        return;
      }
      results[i] = bytes as number;
      if (++finished === urls.length) done(null, results);
      else if (started < urls.length) startNext();
    });
  };
  if (urls.length === 0) done(null, results);
  for (let k = 0; k < Math.min(concurrency, urls.length); k++) startNext();
}
