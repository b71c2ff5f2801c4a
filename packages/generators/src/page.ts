/**
 * Generator trampoline model: how a Response and its body become the Page fetchPage
 * completes with.
 * Contract: copies the Response's status line and headers, takes the body bytes; the
 * Page shape itself is @async-rosetta/task-spec's.
 * Lineage: SPEC.md T1.2. Read tasks/fetch.ts next.
 */
import type { Response } from '@async-rosetta/future';
import type { Page } from '@async-rosetta/task-spec';

/** The Page for a response whose body has been read. */
export function toPage(response: Response, body: Uint8Array): Page {
  return {
    status: response.status,
    statusText: response.reason,
    httpVersion: response.version,
    headers: response.headers,
    body,
  };
}
