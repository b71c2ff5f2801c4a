/**
 * The Deferred adapters: packages/deferred onto the neutral contract, twice —
 * `deferred` (the tasks as chained callbacks) and `deferred-inline` (the same
 * tasks with inlineCallbacks). `result` is a Promise of the task's Deferred that
 * rejects with the Failure's value (the Error carrying `code`); `cancel()` is
 * `Deferred.cancel()`. Lineage: twisted/internet/defer.py (Deferred, inlineCallbacks).
 * Read packages/deferred/src/tasks/ for the tasks themselves.
 */
import {
  chatTasks,
  type Deferred,
  type ChatServer as DeferredChatServer,
  type EchoServer as DeferredEchoServer,
  demos,
  echoTasks,
  fetchTasks,
  inlineChatTasks,
  inlineDemos,
  inlineEchoTasks,
  inlineFetchTasks,
} from '@async-rosetta/deferred';
import {
  adaptDemos,
  type Cancellable,
  type ChatServer,
  type EchoServer,
  type ModelAdapter,
  type ModelFacts,
} from './contract.js';

/** The task functions of one style. */
type DeferredTasks = Pick<typeof fetchTasks, 'fetchPage' | 'fetchAll'> &
  Pick<typeof echoTasks, 'serveEcho' | 'echoClient'> &
  Pick<typeof chatTasks, 'serveChat'> & { demos: typeof demos };

/** A Promise of `d`'s result, rejecting with the Failure's value. */
function promise<T>(d: Deferred<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    d.addCallbacks(resolve, (failure) => reject(failure.value));
  });
}

/** A Deferred seen from outside: its outcome as a Promise, cancelled the Twisted way. */
function cancellable<T>(d: Deferred<T>): Cancellable<T> {
  return { result: promise(d), cancel: () => d.cancel() };
}

function adapt(server: DeferredEchoServer): EchoServer {
  return { address: server.address, close: () => promise(server.close()) };
}

function adaptChat(server: DeferredChatServer): ChatServer {
  return { address: server.address, close: () => promise(server.close()) };
}

function deferredAdapter(
  name: string,
  description: string,
  facts: ModelFacts,
  tasks: DeferredTasks,
): ModelAdapter {
  return {
    name,
    description,
    facts,
    fetchPage: (url, o) => cancellable(tasks.fetchPage(url, o)),
    fetchAll: (urls, o) => cancellable(tasks.fetchAll(urls, o)),
    serveEcho: (o) => promise(tasks.serveEcho(o)).then(adapt),
    echoClient: (o) => cancellable(tasks.echoClient(o)),
    serveChat: (o) => promise(tasks.serveChat(o)).then(adaptChat),
    demos: adaptDemos(tasks.demos, promise),
  };
}

export const deferred: ModelAdapter = deferredAdapter(
  'deferred',
  'Twisted Deferreds: chained callbacks/errbacks, Failure, reactor, Protocol/Factory (twisted.internet.defer)',
  {
    tasks: 'packages/deferred/src/tasks',
    packages: ['packages/deferred'],
    continuation: 'synchronously',
    errorChannel: 'an errback receiving a Failure; f.trap(Type)',
    cancellation: 'd.cancel(): the canceller, then CancelledError',
    deadline: 'd.addTimeout(ms, reactor): TimeoutError',
    backpressure: 'a push producer: registerProducer, pauseProducing',
    concurrencyBound: 'DeferredSemaphore',
  },
  { ...fetchTasks, ...echoTasks, ...chatTasks, demos },
);

export const deferredInline: ModelAdapter = deferredAdapter(
  'deferred-inline',
  'Twisted Deferreds with inlineCallbacks: generators yielding Deferreds (defer.inlineCallbacks)',
  {
    tasks: 'packages/deferred/src/tasks/inline',
    packages: ['packages/deferred'],
    continuation: 'synchronously',
    errorChannel: 'the Failure thrown into the generator at its yield; try/catch',
    cancellation: 'd.cancel() on the returned Deferred cancels the one awaited',
    deadline: 'd.addTimeout(ms, reactor): TimeoutError',
    backpressure: 'a push producer: registerProducer, pauseProducing',
    concurrencyBound: 'DeferredSemaphore',
  },
  { ...inlineFetchTasks, ...inlineEchoTasks, ...inlineChatTasks, demos: inlineDemos },
);
