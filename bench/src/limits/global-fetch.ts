/**
 * The alternative a user would pick instead of any model: Node's global
 * `fetch` (undici) with a pool of async workers for the concurrency limit.
 * Read ../fetchers.ts next.
 */

/** GETs `url` with the global fetch and reads the whole body; resolves with its byte count. */
export async function globalFetchPage(url: string): Promise<number> {
  const res = await fetch(url);
  return (await res.arrayBuffer()).byteLength;
}

/** Fetches every URL with `concurrency` workers; byte counts in input order. */
export async function globalFetchAll(
  urls: readonly string[],
  concurrency: number,
): Promise<number[]> {
  const results: number[] = new Array(urls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await globalFetchPage(urls[i] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  return results;
}
