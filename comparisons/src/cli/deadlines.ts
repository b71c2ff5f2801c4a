/**
 * The rosetta command: the deadlines it gives a task unless told otherwise, so that a
 * server that never answers cannot hold the command for ever (`--timeout none` asks
 * for no deadline). Read args.ts for how `--timeout` is read.
 */

/** fetch: one deadline per model over connect + headers + body. */
export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** echo client: one deadline per model over the whole closed-loop run. */
export const DEFAULT_ECHO_CLIENT_TIMEOUT_MS = 300_000;
