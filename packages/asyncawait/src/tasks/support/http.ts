/**
 * async/await model — the one HTTP call the tasks need, on Node's own client: a GET on a
 * fresh connection whose response is awaited with `events.once`.
 * Contract: `get(url, {headers, signal})` resolves with the response once its headers are
 * in; aborting `signal` destroys the request and its socket; a request error after the
 * headers is forwarded into the response, so `for await` over the body throws it.
 * Lineage: `node:http`/`node:https` (`http.get` with `agent: false` and `signal`).
 * Read ../fetch.ts next.
 */
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';

export interface GetOptions {
  headers?: Record<string, string> | undefined;
  /** Aborting it destroys the request and its socket at once. */
  signal?: AbortSignal | undefined;
}

/**
 * Sends a GET for `url` and resolves with the response as soon as its headers
 * are in. `agent: false` gives each request its own connection, closed when
 * the response ends: no keep-alive pool outlives the task. A request error that
 * arrives after the headers (a bad chunk, a reset) is forwarded into the
 * response, so `for await` over the body throws it.
 *
 * @example
 * const res = await get('http://127.0.0.1:8080/', { signal: AbortSignal.timeout(5_000) });
 * for await (const chunk of res) process.stdout.write(chunk);
 */
export async function get(
  url: string,
  { headers, signal }: GetOptions = {},
): Promise<http.IncomingMessage> {
  const client = url.startsWith('https:') ? https : http;
  const req = client.get(url, { agent: false, headers, signal });
  // Both listeners are installed before the headers can arrive: the parser may fail
  // on the body in the same read that delivered the headers, before `await` resumes.
  let response: http.IncomingMessage | undefined;
  req.once('response', (res: http.IncomingMessage) => {
    response = res;
  });
  req.on('error', (err) => response?.destroy(err));
  await once(req, 'response');
  return response!;
}
