/**
 * async/await model — deadlines as AbortSignals. A deadline is not a separate
 * mechanism here: it is one more signal, combined with the caller's by
 * `AbortSignal.any`, so one `signal` option reaches every socket of a task.
 * Lineage: the DOM's AbortController/AbortSignal, adopted by Node for
 * cancellation (`http.request`, `net.connect`, `events.once` all take `signal`).
 * Read src/task-group.ts next.
 */

/**
 * The caller's `signal`, bounded by `timeoutMs` when given. The timeout half is
 * `AbortSignal.timeout`: its reason is a DOMException named 'TimeoutError', which
 * `toTaskError` maps to ETIMEDOUT. Its timer is unref'd and weakly bound to the
 * signal, so it keeps no process alive and is not an active resource.
 *
 * @example
 * const deadline = withDeadline(signal, 5_000);
 * await once(socket, 'connect', { signal: deadline });
 */
export function withDeadline(
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
