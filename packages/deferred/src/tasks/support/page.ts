/**
 * Twisted model, task support — an Agent Response and its body as task-spec's Page (not the
 * model: every model gives the same shape). Contract: comparisons/SPEC.md T1.2.
 * Lineage: twisted/web/iweb.py (IResponse: code, phrase, version, headers).
 * Read ../fetch.ts, the exhibit, first; errors.ts next.
 */
import type { Page } from '@async-rosetta/task-spec';
import type { Response } from '../../web/response.js';

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
