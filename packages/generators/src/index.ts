/**
 * Generator trampoline model (@async-rosetta/generators): the public API.
 * Contract: a Task (a packages/future Future) steps a generator over Futures; typed
 * suspension with `yield* wait(x)`; asyncio's combinators, locks, queue and streams.
 * Lineage: asyncio's pre-3.5 @coroutine/`yield from` Task (Lib/asyncio/tasks.py),
 * Tornado's `gen.coroutine` (tornado/gen.py), co's `co(fn)`/`co.wrap(fn)` (index.js),
 * Effection's `Operation<T>` (lib/types.ts): a knowing blend, each part named in README.md. Read src/tasks/fetch.ts and src/tasks/echo.ts first, then task.ts.
 */

// The tasks' plain-data shapes are shared by every model (comparisons/SPEC.md).
export type * from '@async-rosetta/task-spec';
export { toFuture } from './ensure.js';
export {
  CancelledError,
  ConnectionResetError,
  IncompleteReadError,
  InvalidStateError,
  LimitOverrunError,
  QueueEmpty,
  QueueFull,
  RuntimeError,
  TimeoutError,
} from './errors.js';
export type { GatherOptions } from './gather.js';
export { GatheringFuture, gather } from './gather.js';
export { Lock, Semaphore } from './locks.js';
export type { Awaitable, Operation, Yieldable } from './ops.js';
export { isGenerator, isThenable, wait } from './ops.js';
export { Queue } from './queue.js';
export { shield } from './shield.js';
export { sleep } from './sleep.js';
export type { StreamOptions } from './streams/open.js';
export { openConnection, startServer } from './streams/open.js';
export type { ClientConnected } from './streams/protocol.js';
export { StreamReaderProtocol } from './streams/protocol.js';
export { DEFAULT_LIMIT, StreamReader } from './streams/reader.js';
export { StreamWriter } from './streams/writer.js';
export { coroutine, createTask, currentLoop, currentTask, spawn, Task } from './task.js';
export { type ChatServer, serveChat } from './tasks/chat.js';
export * as demos from './tasks/demos.js';
export type { EchoServer } from './tasks/echo.js';
export { echoClient, serveEcho } from './tasks/echo.js';
export { fetchAll, fetchPage } from './tasks/fetch.js';
export type { ReturnWhen, WaitAllOptions } from './wait-all.js';
export {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  waitAll,
} from './wait-all.js';
export { waitFor } from './wait-for.js';
