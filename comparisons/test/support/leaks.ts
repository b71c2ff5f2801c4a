/**
 * Conformance suite support: the leak check (SPEC.md T1.10 and T4.5, and after
 * every test of the suite). A snapshot of `process.getActiveResourcesInfo()` —
 * the multiset of libuv handles (TCPSocketWrap, TCPServerWrap, …), pending
 * requests and ref'd timers ('Timeout', 'Immediate') of this process — is taken
 * before the task; after it settled, the check polls until no kind of resource
 * is more numerous than in the snapshot. The fixtures run in the same process,
 * so the server side of every connection the task opened is counted too.
 * Read support/run.ts next.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A multiset of resource kinds, as `process.getActiveResourcesInfo()` names them. */
export type ResourceSnapshot = readonly string[];

export function snapshotResources(): ResourceSnapshot {
  return process.getActiveResourcesInfo();
}

/** Per kind, how many more (positive) or fewer (negative) `after` holds than `before`. */
export function resourceDiff(before: ResourceSnapshot, after: ResourceSnapshot): Map<string, number> {
  const diff = new Map<string, number>();
  for (const kind of after) diff.set(kind, (diff.get(kind) ?? 0) + 1);
  for (const kind of before) diff.set(kind, (diff.get(kind) ?? 0) - 1);
  for (const [kind, n] of diff) if (n === 0) diff.delete(kind);
  return diff;
}

/** `+2 TCPSocketWrap, -1 Timeout`, or `none`. */
export function formatDiff(diff: Map<string, number>): string {
  const parts = [...diff].map(([kind, n]) => `${n > 0 ? '+' : ''}${n} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/**
 * Resolves once no kind of resource outnumbers `before` (fewer is fine: something
 * older may have finished meanwhile); polls every 10 ms for up to `timeoutMs`, then
 * rejects with the difference, e.g. "left behind after 1000 ms: +1 TCPSocketWrap".
 * Unref'd timers are not active resources and are not seen.
 */
export async function expectNoLeaks(before: ResourceSnapshot, timeoutMs = 1_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    // Measured after `await sleep`, never inside a timer's own callback, where that timer still counts.
    const diff = resourceDiff(before, snapshotResources());
    if ([...diff.values()].every((n) => n <= 0)) return;
    if (performance.now() >= deadline) {
      throw new Error(
        `left behind after ${timeoutMs} ms: ${formatDiff(diff)} ` +
          `(before: ${before.join(', ') || 'nothing'})`,
      );
    }
    await sleep(10);
  }
}
