/**
 * asyncio-callback model — what the shared conformance suite cannot time about the tasks
 * (src/tasks/): a bad argument is a Future already failed with EINVAL; a far deadline is
 * kept on the loop's clock (virtual here, so no wall-clock window decides); a response that
 * arrives just as its page is cancelled is not left open.
 * Contract: comparisons/SPEC.md "Arguments", T1.6, T1.8, T4.3. Read next: the code under test,
 * ../../src/tasks/fetch.ts and echo.ts, then comparisons/test for the shared suite.
 */
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { deadlineMessage, MAX_TIMER_MS } from '@async-rosetta/task-spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, TimeoutError } from '../../src/errors.js';
import { EventLoop, type ExceptionContext } from '../../src/loop.js';
import { echoClient, serveEcho } from '../../src/tasks/echo.js';
import { fetchAll, fetchPage } from '../../src/tasks/fetch.js';
import { TestLoop } from '../../src/test-loop.js';
import { until } from '../net/helpers.js';

let loop: TestLoop;
let handled: ExceptionContext[];
beforeEach(() => {
  loop = new TestLoop();
  handled = [];
  loop.setExceptionHandler((_l, ctx) => handled.push(ctx));
});
afterEach(() => {
  expect(handled).toEqual([]);
  loop.close();
});

/** A TCP server that accepts and reads, and never answers. */
async function silentServer(): Promise<{ port: number; sockets: Socket[]; server: Server }> {
  const sockets: Socket[] = [];
  const server = createNetServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, sockets, server };
}

async function stop({ sockets, server }: { sockets: Socket[]; server: Server }): Promise<void> {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
}

describe('a bad argument', () => {
  it('is a Future already failed with EINVAL, never a throw, for every task', () => {
    // upstream: none; comparisons/SPEC.md "Arguments" (task-spec's normalisers decide)
    const futures = [
      fetchPage('ftp://127.0.0.1/', { loop }),
      fetchAll(['http://127.0.0.1/', 42 as never], { loop }),
      fetchAll([], { loop, concurrency: 0 }),
      serveEcho({ loop, port: 70_000 }),
      echoClient({ loop, port: 1, messages: 1, size: 2 ** 40 }),
      echoClient({ loop, port: 1, messages: 1, size: 1, connections: 1e15 }),
      echoClient({ loop, port: 1, messages: 1, size: 1, timeoutMs: -1 }),
    ];
    for (const f of futures) {
      expect(f.done()).toBe(true);
      expect(f.exception()).toMatchObject({ code: 'EINVAL' });
    }
  });

  it('includes a loop option that is not an EventLoop', () => {
    // upstream: none; SPEC.md "Arguments": a model's own extra options are its own to check
    const f = fetchPage('http://127.0.0.1/', { loop: 5 as never });
    expect(f.exception()).toMatchObject({ code: 'EINVAL', message: 'loop must be an EventLoop' });
  });
});

describe('a far deadline', () => {
  it('fails fetchPage with ETIMEDOUT only once 2^31 + 5 ms have passed on the loop clock', async () => {
    // upstream: Lib/asyncio/base_events.py call_later (any delay; the selector timeout is capped
    // at MAXIMUM_SELECT_TIMEOUT and re-armed); SPEC.md "Arguments": far deadlines are honoured
    const peer = await silentServer();
    const timeoutMs = 2 ** 31 + 5;
    const page = fetchPage(`http://127.0.0.1:${peer.port}/`, { loop, timeoutMs });
    loop.runUntilIdle(); // the request goes out
    await until(() => peer.sockets.length === 1);
    loop.advanceTime(timeoutMs - 1);
    expect(page.done()).toBe(false);
    loop.advanceTime(1);
    expect(page.exception()).toBeInstanceOf(TimeoutError);
    expect(page.exception()).toMatchObject({
      code: 'ETIMEDOUT',
      message: deadlineMessage(timeoutMs),
    });
    await stop(peer);
  });

  it('fails echoClient with ETIMEDOUT only once 2^53 ms have passed on the loop clock', async () => {
    // upstream: as above; SPEC.md T4.3 (one deadline over the whole run)
    const peer = await silentServer();
    const run = echoClient({ loop, port: peer.port, messages: 1, size: 1, timeoutMs: 2 ** 53 });
    loop.runUntilIdle();
    await until(() => peer.sockets.length === 1);
    loop.advanceTime(2 ** 52);
    expect(run.done()).toBe(false);
    loop.advanceTime(2 ** 52);
    expect(run.exception()).toMatchObject({ code: 'ETIMEDOUT' });
    await stop(peer);
  });

  it('is kept by the real loop past Node’s timer limit: re-armed, neither cut short nor lost', async () => {
    // upstream: Lib/asyncio/base_events.py MAXIMUM_SELECT_TIMEOUT (a far timer is waited for in
    // steps); Node's setTimeout turns a delay over MAX_TIMER_MS into 1 ms. Fake Node timers.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'],
    });
    const real = new EventLoop();
    try {
      const seen: string[] = [];
      real.callLater(MAX_TIMER_MS + 10, () => seen.push('due'));
      await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 9);
      expect(seen).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(seen).toEqual(['due']);
    } finally {
      real.close();
      vi.useRealTimers();
    }
  });
});

describe('fetchPage() cancelled as the response arrives', () => {
  it('closes the connection of a response whose page was cancelled meanwhile', async () => {
    // upstream: none; SPEC.md T1.8/T1.10 (after a cancel no socket is left)
    const sockets: Socket[] = [];
    let closed = false;
    const server = createNetServer((s) => {
      sockets.push(s);
      s.on('error', () => {});
      s.on('close', () => (closed = true));
      // Headers and part of the body, then nothing: only the client can end this exchange.
      s.once('data', () => s.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const scheduled = vi.spyOn(loop, 'callSoon');
    const page = fetchPage(`http://127.0.0.1:${port}/`, { loop });
    loop.runUntilIdle(); // the first step: the request goes out
    const before = scheduled.mock.calls.length;
    // The head arrives: its Future schedules its done-callback with callSoon, and the callback
    // waits in the TestLoop, which nothing drives now.
    await until(() => scheduled.mock.calls.length > before, 10_000, 'the head to arrive');
    scheduled.mockRestore();
    page.cancel(); // so the page is done before that done-callback runs
    loop.runUntilIdle();
    expect(() => page.result()).toThrow(CancelledError);
    await until(() => closed, 5_000, 'the server to see the client close');
    await new Promise((r) => server.close(r));
  });
});
