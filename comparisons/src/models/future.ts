/**
 * The future adapter: packages/future (asyncio Futures with done-callbacks, Tulip
 * "with callbacks") onto the neutral contract.
 * Each task returns a Future; `result` is that Future awaited as a Promise (it
 * rejects with the Future's exception, an Error carrying `code`, or CancelledError
 * with code ECANCELLED); `cancel()` is `future.cancel(msg)`.
 * Lineage: PEP 3156 / asyncio futures.py. Read packages/future/src/tasks/ for the tasks.
 */
import { echoClient, type Future, fetchAll, fetchPage, serveEcho } from '@async-rosetta/future';
import type { Cancellable, ModelAdapter } from './contract.js';

/** A Future seen from outside: awaited for its outcome, cancelled the asyncio way. */
function cancellable<T>(future: Future<T>): Cancellable<T> {
  return {
    result: Promise.resolve(future),
    // asyncio's cancel(msg): the message travels in the CancelledError (code ECANCELLED).
    cancel: () => {
      future.cancel('cancelled by the caller');
    },
  };
}

export const future: ModelAdapter = {
  name: 'future',
  description:
    'asyncio Futures with done-callbacks, callSoon/callLater, Protocol/Transport (PEP 3156)',
  fetchPage: (url, o) => cancellable(fetchPage(url, o)),
  fetchAll: (urls, o) => cancellable(fetchAll(urls, o)),
  serveEcho: async (o) => {
    const server = await serveEcho(o);
    return { address: server.address, close: () => Promise.resolve(server.close()) };
  },
  echoClient: (o) => cancellable(echoClient(o)),
};
