/**
 * Generator trampoline model: turning anything awaitable into a Future.
 * Contract: a Future stays itself, an Operation (generator) becomes a Task, a thenable
 * is adopted; anything else is a TypeError.
 * Lineage: asyncio's `ensure_future`. Read gather.ts next.
 */
import { type EventLoop, Future, wrapPromise } from '@async-rosetta/future';
import { type Awaitable, isGenerator, isThenable } from './ops.js';
import { createTask, currentLoop } from './task.js';

/**
 * The Future for `x`: itself if it is one, a new Task if it is a generator, an adopted
 * Future if it is a thenable (asyncio's `ensure_future`).
 */
export function toFuture<T>(x: Awaitable<T>, loop?: EventLoop): Future<T> {
  if (x instanceof Future) return x;
  if (isGenerator(x)) return createTask(x, { loop: loop ?? currentLoop() });
  if (isThenable(x)) return wrapPromise(x, { loop: loop ?? currentLoop() });
  throw new TypeError('a Future, a generator or a thenable is required');
}
