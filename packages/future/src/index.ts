/**
 * asyncio's Future model — the public API of @async-rosetta/future.
 *
 * Contract: everything a user of the model (and packages/generators) imports comes from here.
 * Lineage: PEP 3148/3156, asyncio `futures.py`, `events.py`, `base_events.py`.
 * Read next: ./future.ts, then ./loop.ts; the exhibit is ./tasks/.
 */
export { CancelledError, InvalidStateError, TimeoutError } from './errors.js';
export { defaultExecutorWorkers, WorkerPool } from './executor.js';
export type { DoneCallback, FutureState } from './future.js';
export { CANCELLED, FINISHED, Future, isFuture, PENDING } from './future.js';
export { Handle, TimerHandle } from './handles.js';
export type { RequestOptions, Response } from './http/client.js';
export { request } from './http/client.js';
export type { AdoptOptions } from './interop.js';
export { ensureFuture, wrapPromise } from './interop.js';
export type { EventLoopOptions, ExceptionContext, ExceptionHandler } from './loop.js';
export { EventLoop, getEventLoop, setEventLoop } from './loop.js';
export { createConnection } from './net/connect.js';
export { NetError } from './net/net-error.js';
export type { Protocol } from './net/protocols.js';
export { BaseProtocol } from './net/protocols.js';
export type { ResourceFuture } from './net/resource-future.js';
export { resourceFuture } from './net/resource-future.js';
export { createServer, Server } from './net/server.js';
export type { SocketTransportOptions, Transport, TransportOwner } from './net/transport.js';
export { DEFAULT_HIGH_WATER, SocketTransport } from './net/transport.js';
export type { ChatOptions, ChatServer } from './tasks/chat.js';
export { serveChat } from './tasks/chat.js';
export { echoClient, serveEcho } from './tasks/echo.js';
export { fetchAll, fetchPage } from './tasks/fetch.js';
export type {
  EchoAddress,
  EchoClientOptions,
  EchoClientStats,
  EchoServer,
  EchoServerOptions,
  EchoServerStats,
  ErrorCode,
  FetchAllOptions,
  FetchOptions,
  OnLoop,
  Page,
} from './tasks/options.js';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_GRACE_MS,
  DEFAULT_HIGH_WATER_MARK,
  DEFAULT_MAX_BODY_BYTES,
} from './tasks/options.js';
export { toPage } from './tasks/page.js';
export { TestLoop } from './test-loop.js';
