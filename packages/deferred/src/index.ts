/**
 * Twisted model — the public API of @async-rosetta/deferred: Deferred, Failure, a reactor,
 * Protocol/Factory, an HTTP Agent, and the four tasks in two styles.
 * Contract: BEHAVIOURS.md (the Deferred), comparisons/SPEC.md (the tasks).
 * Lineage: twisted/internet/defer.py, twisted/python/failure.py, twisted/internet/task.py (Clock);
 * the networking half follows twisted/internet/ (base.py, tcp.py, protocol.py, endpoints.py) and
 * twisted/web/client.py.
 * Read first: src/tasks/ (the exhibit), then deferred.ts.
 */

// ── core: Deferred and friends (twisted.internet.defer, twisted.python.failure, task.Clock) ──
export type { DelayedCallHost, IDelayedCall, IReactorTime } from './clock.js';
export { Clock, DelayedCall } from './clock.js';
export { getDebugging, setDebugging } from './debug.js';
export type { Canceller, ResultOf } from './deferred.js';
export { Deferred, fail, succeed } from './deferred.js';
export type { DeferredListEntry, DeferredListOptions } from './deferred-list.js';
export { DeferredList, gatherResults, race } from './deferred-list.js';
export {
  AlreadyCalledError,
  CancelledError,
  FailureGroup,
  FirstError,
  InvalidStateError,
  QueueOverflow,
  QueueUnderflow,
  TimeoutError,
} from './errors.js';
export type { ErrorType } from './failure.js';
export { Failure } from './failure.js';
export type { InlineGenerator } from './inline-callbacks.js';
export { ensureDeferred, inlineCallbacks } from './inline-callbacks.js';
export { DeferredLock, DeferredSemaphore } from './locks.js';
export { maybeDeferred } from './maybe-deferred.js';
export { DeferredQueue } from './queue.js';
export type { UnhandledErrorReport, UnhandledErrorReporter } from './unhandled.js';
export { setUnhandledErrorReporter } from './unhandled.js';

// ── networking: reactor, TCP, HTTP, the tasks ──
// (a comment followed by a blank line ends a Biome sort chunk: keep this blank line)

// The tasks' plain-data shapes and their shared errors are task-spec's, re-exported.
export type {
  EchoAddress,
  EchoClientOptions,
  EchoClientStats,
  EchoServerOptions,
  EchoServerStats,
  ErrorCode,
  FetchAllOptions,
  FetchOptions,
  Page,
} from '@async-rosetta/task-spec';
export { TaskError } from '@async-rosetta/task-spec';
export { connectProtocol, TCP4ClientEndpoint, TCP4ServerEndpoint } from './endpoints.js';
export type {
  IConnector,
  IConsumer,
  IListeningPort,
  IProducer,
  IPullProducer,
  IPushProducer,
  ITCPTransport,
  ITransport,
} from './interfaces.js';
export { IPv4Address } from './interfaces.js';
export {
  AlreadyCalled,
  AlreadyCancelled,
  CannotListenError,
  ConnectError,
  ConnectingCancelledError,
  ConnectionAborted,
  ConnectionDone,
  ConnectionLost,
  ConnectionRefusedError,
  DNSLookupError,
  UserError,
} from './internet-errors.js';
export { LineReceiver } from './line-receiver.js';
export type { IHalfCloseableProtocol, IProtocol } from './protocol.js';
export { ClientFactory, Factory, isHalfCloseable, Protocol } from './protocol.js';
export type { IReactorTCP, ListenTCPOptions, ReactorTimers } from './reactor.js';
export { Connector, NodeReactor, Port, reactor } from './reactor.js';
export type { ChatServer } from './tasks/chat.js';
export * as chatTasks from './tasks/chat.js';
export { ChatFactory, Chatter, serveChat } from './tasks/chat.js';
// The Tulip-talk demos, chained (tasks/demos.ts) and inline (tasks/inline/demos.ts).
export * as demos from './tasks/demos.js';
export type { EchoServer } from './tasks/echo.js';
export * as echoTasks from './tasks/echo.js';
export { Echo, EchoFactory, echoClient, serveEcho } from './tasks/echo.js';
export * as fetchTasks from './tasks/fetch.js';
// The tasks, chained-callback style (the exhibit: read src/tasks/ first) …
export { fetchAll, fetchPage } from './tasks/fetch.js';
// … and the same four tasks with inlineCallbacks.
export * as inlineChatTasks from './tasks/inline/chat.js';
export * as inlineDemos from './tasks/inline/demos.js';
export * as inlineEchoTasks from './tasks/inline/echo.js';
export * as inlineFetchTasks from './tasks/inline/fetch.js';
export { DEFAULT_BUFFER_SIZE, TCPTransport } from './tcp-transport.js';
// Threads: deferToThread over a worker_threads pool (threads.ts, threadpool.ts).
export type { OnResult } from './threadpool.js';
export { ThreadPool } from './threadpool.js';
export type { IReactorFromThreads, IReactorThreads } from './threads.js';
export { deferToThread, deferToThreadPool } from './threads.js';
export { Agent } from './web/agent.js';
export {
  InvalidURI,
  ParseError,
  PartialDownloadError,
  PotentialDataLoss,
  RequestGenerationFailed,
  ResponseDone,
  ResponseFailed,
  ResponseNeverReceived,
  SchemeNotSupported,
} from './web/errors.js';
export { Headers } from './web/headers.js';
export { readBody } from './web/read-body.js';
export type { IBodyProtocol, ResponseConnection } from './web/response.js';
export { Response, UNKNOWN_LENGTH } from './web/response.js';
