/**
 * The future adapter: packages/future (asyncio Futures with done-callbacks, no coroutines)
 * onto the neutral contract — and, through `futureAdapter`, every
 * model whose tasks return asyncio Futures (generators' Task is one).
 * `result` is the Future awaited as a Promise (it rejects with the Future's
 * exception, an Error carrying `code`, or CancelledError with code ECANCELLED);
 * `cancel()` is `future.cancel(msg)`.
 * Lineage: PEP 3156 / asyncio futures.py. Read packages/future/src/tasks/ for the tasks.
 */

import type { Future } from '@async-rosetta/future';
import * as futureTasks from '@async-rosetta/future';
import type { DemoEvent, DemoName, DemoOptions } from '@async-rosetta/task-spec';
import {
  adaptDemos,
  type Cancellable,
  type ChatAddress,
  type ChatServerOptions,
  type ChatServerStats,
  type EchoAddress,
  type EchoClientOptions,
  type EchoClientStats,
  type EchoServerOptions,
  type EchoServerStats,
  type FetchAllOptions,
  type FetchOptions,
  type ModelAdapter,
  type ModelFacts,
  type Page,
} from './contract.js';

/** The tasks of a model whose handles are asyncio Futures. */
export interface FutureTasks {
  fetchPage(url: string, o?: FetchOptions): Future<Page>;
  fetchAll(urls: string[], o?: FetchAllOptions): Future<Page[]>;
  serveEcho(o?: EchoServerOptions): Future<{
    address: EchoAddress;
    close(): Future<EchoServerStats>;
  }>;
  echoClient(o: EchoClientOptions): Future<EchoClientStats>;
  serveChat(o?: ChatServerOptions): Future<{
    address: ChatAddress;
    close(): Future<ChatServerStats>;
  }>;
  demos: Record<DemoName, (o?: DemoOptions) => Future<DemoEvent[]>>;
}

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

/** The neutral adapter over any model whose tasks return asyncio Futures. */
export function futureAdapter(
  name: string,
  description: string,
  facts: ModelFacts,
  tasks: FutureTasks,
): ModelAdapter {
  return {
    name,
    description,
    facts,
    fetchPage: (url, o) => cancellable(tasks.fetchPage(url, o)),
    fetchAll: (urls, o) => cancellable(tasks.fetchAll(urls, o)),
    serveEcho: async (o) => {
      const server = await tasks.serveEcho(o);
      return { address: server.address, close: () => Promise.resolve(server.close()) };
    },
    echoClient: (o) => cancellable(tasks.echoClient(o)),
    serveChat: async (o) => {
      const server = await tasks.serveChat(o);
      return { address: server.address, close: () => Promise.resolve(server.close()) };
    },
    demos: adaptDemos(tasks.demos, (future) => Promise.resolve(future)),
  };
}

export const future: ModelAdapter = futureAdapter(
  'future',
  'asyncio Futures with done-callbacks, callSoon/callLater, Protocol/Transport (PEP 3156)',
  {
    tasks: 'packages/future/src/tasks',
    packages: ['packages/future'],
    continuation: 'on the next loop iteration',
    errorChannel: 'the Future’s exception, read in a done-callback',
    cancellation: 'future.cancel(msg): CancelledError',
    deadline: 'loop.callLater that fails the Future with TimeoutError',
    backpressure: 'Protocol pauseWriting/resumeWriting → transport.pauseReading',
    concurrencyBound: 'a hand-kept counter of Futures in flight',
  },
  futureTasks,
);
