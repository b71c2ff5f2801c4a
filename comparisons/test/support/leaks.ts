/**
 * Conformance suite support: the leak check (SPEC.md T1.10 and T4.5, and after
 * every test of the suite). Two views of "what keeps this process busy", both
 * taken at a snapshot before the task and polled (every 10 ms, up to 1 s) after
 * it settled until the task has left nothing behind:
 *
 * 1. `process.getActiveResourcesInfo()`: the multiset of ref'd libuv handles
 *    (TCPSocketWrap, TCPServerWrap, …), pending requests and ref'd timers
 *    ('Timeout', 'Immediate'). No kind may outnumber the snapshot (fewer is fine:
 *    something older may have finished meanwhile).
 * 2. An async_hooks census of the resources created since the snapshot (sockets,
 *    servers, timers, immediates, socket requests) that are still alive and ref'd.
 *    It must reach zero. This view is not fooled when one of vitest's own timers
 *    fires during the test and hides a timer the task leaked in the count above.
 *
 * The fixtures run in this process, so the server side of every connection the
 * task opened is counted too. Unref'd timers (e.g. AbortSignal.timeout's) keep
 * nothing alive and are ignored by both views. Listeners are not seen.
 * Read support/run.ts next.
 */
import { createHook } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** The async resource types the census follows (libuv handles and requests, timers). */
const WATCHED = new Set([
  'Timeout',
  'Immediate',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'TCPCONNECTWRAP',
  'TLSWRAP',
  'PIPEWRAP',
  'PIPESERVERWRAP',
  'PIPECONNECTWRAP',
  'UDPWRAP',
  'SHUTDOWNWRAP',
  'WRITEWRAP',
  'GETADDRINFOREQWRAP',
]);

interface Tracked {
  seq: number;
  type: string;
  resource: { hasRef?: () => boolean; _idleTimeout?: number; _destroyed?: boolean };
}

const alive = new Map<number, Tracked>();
let seq = 0;
let hooked = false;

function ensureHook(): void {
  if (hooked) return;
  hooked = true;
  createHook({
    init(asyncId, type, _trigger, resource) {
      if (WATCHED.has(type))
        alive.set(asyncId, { seq: ++seq, type, resource: resource as Tracked['resource'] });
    },
    destroy(asyncId) {
      alive.delete(asyncId);
    },
  }).enable();
}

/** What `expectNoLeaks` compares against: the resource multiset and the census epoch. */
export interface ResourceSnapshot {
  readonly info: readonly string[];
  readonly seq: number;
}

export function snapshotResources(): ResourceSnapshot {
  ensureHook();
  return { info: process.getActiveResourcesInfo(), seq };
}

/** Per kind, how many more (positive) or fewer (negative) `after` holds than `before`. */
export function resourceDiff(
  before: readonly string[],
  after: readonly string[],
): Map<string, number> {
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

/** Resources created since `since` that are alive and keep the process busy. */
function survivors(since: number): Tracked[] {
  return [...alive.values()].filter(({ seq: s, type, resource }) => {
    if (s <= since) return false;
    if (type === 'Timeout' && resource._destroyed) return false;
    return typeof resource.hasRef === 'function' ? resource.hasRef() : true;
  });
}

function describeSurvivor({ type, resource }: Tracked): string {
  return type === 'Timeout' ? `Timeout(${resource._idleTimeout} ms)` : type;
}

/**
 * Resolves once the task has left nothing behind (see the file header); polls
 * every 10 ms for up to `timeoutMs`, then rejects with both differences, e.g.
 * "left behind after 1000 ms: +1 TCPSocketWrap; created and still alive: TCPWRAP".
 */
export async function expectNoLeaks(before: ResourceSnapshot, timeoutMs = 1_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    // Measured after `await sleep`, never inside a timer's own callback, where that timer still counts.
    const diff = resourceDiff(before.info, process.getActiveResourcesInfo());
    const left = survivors(before.seq);
    if ([...diff.values()].every((n) => n <= 0) && left.length === 0) return;
    if (performance.now() >= deadline) {
      throw new Error(
        `left behind after ${timeoutMs} ms: ${formatDiff(diff)}; ` +
          `created and still alive: ${left.map(describeSurvivor).join(', ') || 'none'} ` +
          `(before: ${before.info.join(', ') || 'nothing'})`,
      );
    }
    await sleep(10);
  }
}
