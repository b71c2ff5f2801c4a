/**
 * Generator trampoline model: the Page fetchPage completes with.
 * Contract: a Response and its body, as the neutral contract's Page.
 * Lineage: comparisons/src/models/contract.ts. Read tasks/fetch.ts next.
 */
import type { Response } from '@async-rosetta/future';

/** T1's result: status line, headers (lower-cased names, every value a list) and body. */
export interface Page {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

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
