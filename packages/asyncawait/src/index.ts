/**
 * @async-rosetta/asyncawait — the native async/await model: the four tasks on
 * Node's own Promises, node:http, node:net and AbortSignal, plus the few helpers
 * they lean on. Lineage: PEP 492 / ECMAScript 2017 async functions.
 * Read src/tasks/fetch.ts and src/tasks/echo.ts first.
 */
export { ByteReader } from './byte-reader.js';
export {
  abortError,
  bodyTooLarge,
  CancelledError,
  TaskError,
  TimeoutError,
  toTaskError,
} from './errors.js';
export { type GetOptions, get } from './http.js';
export { payload } from './payload.js';
export { withDeadline } from './signals.js';
export { taskGroup } from './task-group.js';
export { type ChatServer, serveChat } from './tasks/chat.js';
export { echoClient, serveEcho } from './tasks/echo.js';
export { fetchAll, fetchPage } from './tasks/fetch.js';
export type {
  EchoClientOptions,
  EchoClientStats,
  EchoServer,
  EchoServerOptions,
  EchoServerStats,
  FetchAllOptions,
  FetchOptions,
  Page,
} from './types.js';
export { checkInteger, checkMs, httpUrl } from './validate.js';
