/**
 * The generators adapter: packages/generators (a Task that steps a generator over
 * Futures — asyncio's @coroutine/`yield from` era, Tornado, co, Effection) onto the
 * neutral contract.
 * Each task returns a Task (a Future); `result` is that Task awaited as a Promise (it
 * rejects with the Task's exception, an Error carrying `code`, or CancelledError with
 * code ECANCELLED); `cancel()` is `task.cancel(msg)`, which throws CancelledError into the
 * generator at its current `yield`.
 * Lineage: asyncio tasks.py. Read packages/generators/src/tasks/ for the tasks.
 */
import { echoClient, fetchAll, fetchPage, serveEcho, type Task } from '@async-rosetta/generators';
import type { Cancellable, ModelAdapter } from './contract.js';

/** A Task seen from outside: awaited for its outcome, cancelled the asyncio way. */
function cancellable<T>(task: Task<T>): Cancellable<T> {
  return {
    result: Promise.resolve(task),
    // asyncio's cancel(msg): the message travels in the CancelledError (code ECANCELLED).
    cancel: () => {
      task.cancel('cancelled by the caller');
    },
  };
}

export const generators: ModelAdapter = {
  name: 'generators',
  description:
    'a Task stepping generators over Futures: asyncio @coroutine/yield from, Tornado, co, Effection',
  fetchPage: (url, o) => cancellable(fetchPage(url, o)),
  fetchAll: (urls, o) => cancellable(fetchAll(urls, o)),
  serveEcho: async (o) => {
    const server = await serveEcho(o);
    return { address: server.address, close: () => Promise.resolve(server.close()) };
  },
  echoClient: (o) => cancellable(echoClient(o)),
};
