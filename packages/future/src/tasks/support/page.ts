/**
 * asyncio-callback model: how a Response and its body become the Page fetchPage gives.
 * Contract: `toPage` copies the head of a Response (already in SPEC.md T1.2's form:
 * lower-cased names, every value a list) and takes the body bytes; the Page shape is
 * task-spec's.
 * Lineage: none upstream; comparisons/SPEC.md T1.2. Read ../fetch.ts next.
 */
import type { Page } from '@async-rosetta/task-spec';
import type { Response } from '../../http/client.js';

/** The Page of a response whose body has been read. */
export function toPage(response: Response, body: Uint8Array): Page {
  return {
    status: response.status,
    statusText: response.reason,
    httpVersion: response.version,
    headers: response.headers,
    body,
  };
}
