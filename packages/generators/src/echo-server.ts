/**
 * Generator trampoline model: the handle serveEcho completes with.
 * Contract: the neutral contract's EchoServer, except that close() is a Task (this
 * model's own handle); the plain-data shapes come from @async-rosetta/task-spec.
 * Lineage: SPEC.md T3. Read tasks/echo.ts next.
 */
import type { EchoAddress, EchoServerStats } from '@async-rosetta/task-spec';
import type { Task } from './task.js';

/** A running echo server. */
export interface EchoServer {
  address: EchoAddress;
  /** Stops accepting, ends connections gracefully (aborting after graceMs), completes with the stats. */
  close(): Task<EchoServerStats>;
}
