/**
 * @async-rosetta/asyncawait — the native async/await model: the four tasks on Node's own
 * Promises, node:http, node:net and AbortSignal, and the few helpers they lean on.
 * Contract: every task returns a Promise and takes task-spec's options plus `signal`.
 * Lineage: PEP 492 / ECMAScript 2017 async functions. Read src/tasks/fetch.ts and
 * src/tasks/echo.ts first.
 */
export { type ChatServer, serveChat } from './tasks/chat.js';

export * as demos from './tasks/demos.js';
export type { EchoServer } from './tasks/echo.js';
export { echoClient, serveEcho } from './tasks/echo.js';
export { fetchAll, fetchPage } from './tasks/fetch.js';
export { ByteReader } from './tasks/support/byte-reader.js';
export { Deadline } from './tasks/support/deadline.js';
export { abortError, CancelledError, TimeoutError, toTaskError } from './tasks/support/errors.js';
export { type GetOptions, get } from './tasks/support/http.js';
export type {
  Abortable,
  EchoClientOptions,
  FetchAllOptions,
  FetchOptions,
} from './tasks/support/options.js';
