/**
 * The async/await adapter: packages/asyncawait onto the neutral contract.
 * Each task gets its own AbortController; `cancel()` aborts it, and the task's
 * Promise is already the result, rejecting with an Error carrying `code`.
 * Lineage: PEP 492 / ECMAScript async functions with AbortSignal.
 * Read packages/asyncawait/src/tasks/ for the tasks themselves.
 */
import {
  demos,
  echoClient,
  fetchAll,
  fetchPage,
  serveChat,
  serveEcho,
} from '@async-rosetta/asyncawait';
import { adaptDemos, type Cancellable, type ModelAdapter } from './contract.js';

/** Starts `task` with a fresh signal; `cancel()` aborts that signal. */
function cancellable<T>(task: (signal: AbortSignal) => Promise<T>): Cancellable<T> {
  const controller = new AbortController();
  return { result: task(controller.signal), cancel: () => controller.abort() };
}

export const asyncawait: ModelAdapter = {
  name: 'asyncawait',
  description: 'native async/await on Promises, node:http/net and AbortSignal (PEP 492, ES2017)',
  facts: {
    tasks: 'packages/asyncawait/src/tasks',
    packages: ['packages/asyncawait'],
    continuation: 'on the microtask queue',
    errorChannel: 'a rejected Promise, caught with try/catch around await',
    cancellation: 'AbortSignal: abort() rejects the awaited step',
    deadline: 'AbortSignal.timeout combined with the caller’s signal',
    backpressure: "await once(socket, 'drain') when write() returns false",
    concurrencyBound: 'N async workers sharing one index',
  },
  fetchPage: (url, o) => cancellable((signal) => fetchPage(url, { ...o, signal })),
  fetchAll: (urls, o) => cancellable((signal) => fetchAll(urls, { ...o, signal })),
  serveEcho: (o) => serveEcho(o),
  echoClient: (o) => cancellable((signal) => echoClient({ ...o, signal })),
  serveChat: (o) => serveChat(o),
  demos: adaptDemos(demos, (promise) => promise),
};
