/**
 * The contestants of the fetch suite: the raw http.request limit, every model's
 * fetchAll/fetchPage through its adapter, and the global fetch as the peer a
 * user would reach for. Each is seen through one Promise-returning shape so the
 * load process can time them alike; the adapter's own result promise is the
 * only layer added to a model. Read macro/fetch.ts next.
 */
import { globalFetchAll, globalFetchPage } from './limits/global-fetch.js';
import { rawFetchAll, rawFetchPage } from './limits/raw-fetch.js';
import type { Kind } from './schema.js';
import { LIMIT, modelsInOrder } from './servers.js';

export interface FetcherEntry {
  name: string;
  kind: Kind;
  description: string;
  /** Resolves with the total body bytes. */
  fetchAll(urls: string[], concurrency: number): Promise<number>;
  /** Resolves with the body bytes. */
  fetchPage(url: string): Promise<number>;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** The limit first, then the registered models, then the peer. */
export function fetchers(): FetcherEntry[] {
  return [
    {
      name: LIMIT,
      kind: 'limit',
      description: 'raw http.request callbacks, agent: false, a counter for the concurrency limit',
      fetchAll: (urls, concurrency) =>
        new Promise((resolve, reject) =>
          rawFetchAll(urls, concurrency, (err, sizes) =>
            err ? reject(err) : resolve(sum(sizes ?? [])),
          ),
        ),
      fetchPage: (url) =>
        new Promise((resolve, reject) =>
          rawFetchPage(url, (err, n) => (err ? reject(err) : resolve(n ?? 0))),
        ),
    },
    ...modelsInOrder().map(
      (m): FetcherEntry => ({
        name: m.name,
        kind: 'model',
        description: m.description,
        fetchAll: async (urls, concurrency) =>
          sum((await m.fetchAll(urls, { concurrency }).result).map((p) => p.body.length)),
        fetchPage: async (url) => (await m.fetchPage(url).result).body.length,
      }),
    ),
    {
      name: 'global fetch',
      kind: 'peer',
      description: "Node's global fetch (undici) with a pool of async workers",
      fetchAll: async (urls, concurrency) => sum(await globalFetchAll(urls, concurrency)),
      fetchPage: globalFetchPage,
    },
  ];
}
