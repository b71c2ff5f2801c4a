/**
 * asyncio-callback model: the tasks' argument and result types.
 * Contract: the plain-data shapes and defaults are @async-rosetta/task-spec's
 * (comparisons/SPEC.md), re-exported; only what is this model's own is declared here:
 * the `loop` option every task takes, and EchoServer, whose close() returns a Future.
 * Lineage: none upstream; SPEC.md T1–T4. Read fetch.ts and echo.ts, the exhibit, first.
 */
import type * as Spec from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';

export type {
  EchoAddress,
  EchoClientStats,
  EchoServerStats,
  ErrorCode,
  Page,
} from '@async-rosetta/task-spec';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BODY_BYTES,
} from '@async-rosetta/task-spec';

/** What every task of this model adds to SPEC.md's options: the loop it runs on. */
export interface OnLoop {
  /** Default: `getEventLoop()`. */
  loop?: EventLoop;
}

/** Options of `fetchPage`: SPEC.md's, plus `loop`. */
export interface FetchOptions extends Spec.FetchOptions, OnLoop {}
/** Options of `fetchAll`: SPEC.md's, plus `loop`. */
export interface FetchAllOptions extends Spec.FetchAllOptions, OnLoop {}
/** Options of `serveEcho`: SPEC.md's, plus `loop`. */
export interface EchoServerOptions extends Spec.EchoServerOptions, OnLoop {}
/** Options of `echoClient`: SPEC.md's, plus `loop`. */
export interface EchoClientOptions extends Spec.EchoClientOptions, OnLoop {}

/**
 * A running echo server: where it listens, and a close() whose Future gets its stats.
 *
 * @example
 * serveEcho({ port: 0 }).addDoneCallback((f) => {
 *   const server = f.result();
 *   console.log('echoing on', server.address.port);
 * });
 */
export interface EchoServer {
  address: Spec.EchoAddress;
  close(): Future<Spec.EchoServerStats>;
}
