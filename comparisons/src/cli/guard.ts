/**
 * The rosetta command: a deadline around a task in the demo, so that a model that
 * never settles shows up as a failed cell instead of hanging the table.
 * Read demo.ts next.
 */

import { deadlineMessage } from '@async-rosetta/task-spec';
import { codedError } from '../fixtures/net-util.js';
import type { Cancellable } from '../models/contract.js';

/** The task's result, or — past `ms` — the task cancelled and an ENORESULT rejection. */
export function within<T>(task: Cancellable<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      task.cancel();
      reject(codedError('ENORESULT', `${deadlineMessage(ms)} with no result from the task`));
    }, ms);
  });
  return Promise.race([task.result, late]).finally(() => clearTimeout(timer));
}

/** The `code` of a thrown value, or `no code`. */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'no code';
}

/** The `code` of a rejection, or `none` if `p` fulfilled. */
export function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'none',
    (e: unknown) => errorCode(e),
  );
}
