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
export { BaseProtocol, Protocol } from './net/protocols.js';
export type { ResourceFuture } from './net/resource-future.js';
export { resourceFuture } from './net/resource-future.js';
export { createServer, Server } from './net/server.js';
export type { SocketTransportOptions, Transport, TransportOwner } from './net/transport.js';
export { DEFAULT_HIGH_WATER, SocketTransport } from './net/transport.js';
export type { ChatServer, ChatServerOptions } from './tasks/chat.js';
export { serveChat } from './tasks/chat.js';
export * as demos from './tasks/demos.js';
export type { EchoServer } from './tasks/echo.js';
export { echoClient, serveEcho } from './tasks/echo.js';
export { fetchAll, fetchPage } from './tasks/fetch.js';
export type {
  EchoClientOptions,
  EchoServerOptions,
  FetchAllOptions,
  FetchOptions,
  OnLoop,
} from './tasks/support/options.js';
export { toPage } from './tasks/support/page.js';
export { TestLoop } from './test-loop.js';
