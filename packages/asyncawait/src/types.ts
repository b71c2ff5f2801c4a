/**
 * async/await model — the shapes the tasks take and give: @async-rosetta/task-spec's,
 * the same for every model, plus `signal`, this model's way to cancel, and an
 * EchoServer whose close() is a Promise. Read src/tasks/fetch.ts next.
 */
import type {
  EchoAddress,
  EchoServerStats,
  EchoClientOptions as SpecEchoClientOptions,
  FetchAllOptions as SpecFetchAllOptions,
  FetchOptions as SpecFetchOptions,
} from '@async-rosetta/task-spec';

export type {
  EchoAddress,
  EchoClientStats,
  EchoServerOptions,
  EchoServerStats,
  ErrorCode,
  Page,
} from '@async-rosetta/task-spec';

/** Cancellation, this model's way: an AbortSignal. */
export interface Abortable {
  /** Aborting it cancels the task → ECANCELLED. */
  signal?: AbortSignal;
}

export interface FetchOptions extends SpecFetchOptions, Abortable {}
export interface FetchAllOptions extends SpecFetchAllOptions, Abortable {}
export interface EchoClientOptions extends SpecEchoClientOptions, Abortable {}

export interface EchoServer {
  address: EchoAddress;
  /** Stops accepting, ends open connections (destroying them after graceMs), resolves with the stats. */
  close(): Promise<EchoServerStats>;
}
