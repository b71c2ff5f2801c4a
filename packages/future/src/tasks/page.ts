/**
 * asyncio-callback model: what the fetch tasks resolve with, and how a Response
 * becomes one.
 * Contract: `Page` is comparisons' Page shape; `toPage` copies the head of a Response
 * and takes the body bytes.
 * Lineage: none upstream; SPEC.md T1.2. Read fetch.ts next.
 */
import type { Response } from '../http/client.js';
import type { EventLoop } from '../loop.js';

/** A fetched page: SPEC.md T1.2 (header names lower-cased, every value a list). */
export interface Page {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

/** Options of `fetchPage`; `fetchAll` adds `concurrency`. */
export interface FetchOptions {
  /** One deadline over connect + headers + body; past it → TimeoutError (ETIMEDOUT). */
  timeoutMs?: number;
  /** Default 64 MiB; a longer body → ETOOLARGE. */
  maxBodyBytes?: number;
  headers?: Record<string, string>;
  /** The loop to run on (default: `getEventLoop()`). */
  loop?: EventLoop;
}

export interface FetchAllOptions extends FetchOptions {
  /** At most this many requests in flight (default 8, an integer >= 1). */
  concurrency?: number;
}

export function toPage(response: Response, body: Uint8Array): Page {
  return {
    status: response.status,
    statusText: response.reason,
    httpVersion: response.version,
    headers: response.headers,
    body,
  };
}
