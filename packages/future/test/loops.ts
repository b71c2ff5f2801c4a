// asyncio's Future model — test support: real EventLoops that are closed after each test
// (CPython's test_utils.TestCase closes its loop in tearDown). Read loop.test.ts next.
import { afterEach } from 'vitest';
import { EventLoop, type EventLoopOptions } from '../src/index.js';

const loops: EventLoop[] = [];

afterEach(() => {
  for (const loop of loops.splice(0)) loop.close();
});

/** A new real EventLoop, closed after the test. */
export function newLoop(opts?: EventLoopOptions): EventLoop {
  const loop = new EventLoop(opts);
  loops.push(loop);
  return loop;
}
