/**
 * Generator trampoline model: the options of fetchPage and fetchAll.
 * Contract: the same options as the neutral contract (comparisons/src/models/contract.ts).
 * Lineage: SPEC.md T1/T2. Read tasks/fetch.ts next.
 */

export interface FetchOptions {
  /** One deadline over connect + headers + body; past it → ETIMEDOUT. */
  timeoutMs?: number;
  /** Default 64 MiB; a longer body → ETOOLARGE. */
  maxBodyBytes?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export interface FetchAllOptions extends FetchOptions {
  /** At most this many requests in flight (default 8, an integer >= 1). */
  concurrency?: number;
}
