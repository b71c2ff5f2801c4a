/**
 * The rosetta command: a task run until it settles or a stop signal arrives. On a
 * signal the task is cancelled through the model's own cancellation and awaited, so
 * nothing of it is left, and the command exits 128 + the signal's number (130 for
 * Ctrl-C), as a shell reports a process a signal stopped.
 * Read fetch.ts and echo.ts for its use.
 */
import { constants } from 'node:os';
import type { Cancellable } from '../models/contract.js';
import type { Io } from './io.js';

/** How a task ended: its value or its error, and the signal that cut it short, if one did. */
export type Outcome<T> = ({ ok: true; value: T } | { ok: false; error: unknown }) & {
  signal?: string;
};

/** The task's value or error; when a signal comes first, the cancelled task's outcome and the signal. */
export async function untilSettledOrSignal<T>(task: Cancellable<T>, io: Io): Promise<Outcome<T>> {
  const settled = task.result.then(
    (value): Outcome<T> => ({ ok: true, value }),
    (error: unknown): Outcome<T> => ({ ok: false, error }),
  );
  const signal = io.untilSignal().then((name) => ({ name }));
  const first = await Promise.race([settled, signal]);
  if (!('name' in first)) return first;
  task.cancel();
  return { ...(await settled), signal: first.name };
}

/** The exit status of a command a signal stopped: 128 + its number. */
export function signalStatus(signal: string): number {
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? 0);
}
