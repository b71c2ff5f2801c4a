/**
 * asyncio-callback model: how a task starts, the loop it runs on and its checked options,
 * and how it hands back a bad argument.
 * Contract: `withLoop(o, verdict)` adds to task-spec's verdict on `o` (comparisons/SPEC.md,
 * "Arguments") the loop the task runs on: `o.loop`, else the current loop; a `loop` that
 * is not an EventLoop is EINVAL too. `failed(loop, error)` is a Future of `loop` already
 * failed with `error`, so the caller hears of EINVAL from the Future, as of every other
 * failure; nothing is thrown.
 * Lineage: the `loop=None` parameter asyncio's functions took until Python 3.10, and a fresh Future
 * completed at once with `set_exception` (Lib/asyncio/futures.py). Read ../fetch.ts next.
 */
import { type Checked, invalidArgument } from '@async-rosetta/task-spec';
import type { Future } from '../../future.js';
import { EventLoop, getEventLoop } from '../../loop.js';
import type { OnLoop } from './options.js';

/** task-spec's verdict on the options, and the loop the task runs on. */
export function withLoop<T>(o: unknown, verdict: Checked<T>): Checked<T> & { loop: EventLoop } {
  let loop: unknown;
  try {
    loop = (o as OnLoop | null | undefined)?.loop;
  } catch {
    // a throwing getter: task-spec's verdict covers the options object
  }
  if (loop === undefined) return { ...verdict, loop: getEventLoop() };
  if (loop instanceof EventLoop) return { ...verdict, loop };
  return { loop: getEventLoop(), error: invalidArgument('loop must be an EventLoop') };
}

/** A Future of `loop` already failed with `error`. */
export function failed<T>(loop: EventLoop, error: Error): Future<T> {
  const future = loop.createFuture<T>();
  future.setException(error);
  return future;
}
