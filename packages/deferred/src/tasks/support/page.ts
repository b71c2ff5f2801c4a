/**
 * Twisted model — turning an Agent Response and its body into the tasks' Page.
 * Read ../fetch.ts, the exhibit, first.
 */
import type { Response } from '../../web/response.js';
import type { Page } from './options.js';

/** The Page for `response` with `body`: names lower-cased, values in arrival order. */
export function toPage(response: Response, body: Uint8Array): Page {
  const headers: Record<string, string[]> = {};
  for (const [name, values] of response.headers.getAllRawHeaders()) {
    headers[name.toLowerCase()] = values;
  }
  const [, major, minor] = response.version;
  return {
    status: response.code,
    statusText: response.phrase,
    httpVersion: `${major}.${minor}`,
    headers,
    body,
  };
}
