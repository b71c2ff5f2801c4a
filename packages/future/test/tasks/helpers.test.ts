/**
 * The helpers beside the exhibit (src/tasks/): gatherInto, deadline, EchoScript, and the
 * one race of fetchPage that the conformance suite cannot time — a response that arrives
 * just as the page is cancelled must not be left open.
 */
import { createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, TimeoutError } from '../../src/errors.js';
import type { ExceptionContext } from '../../src/loop.js';
import { deadline } from '../../src/tasks/deadline.js';
import { fetchPage } from '../../src/tasks/fetch.js';
import { gatherInto } from '../../src/tasks/gather-into.js';
import { EchoScript, payload } from '../../src/tasks/payload.js';
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

describe('gatherInto()', () => {
  it('fails the whole with the first failure and cancels the other parts', () => {
    // upstream: tasks.py gather's per-child _done_callback (the first exception wins);
    // cancelling the rest is this repo's fail-fast (SPEC.md T2.3)
    const whole = loop.createFuture<void>();
    const [a, b, c] = [1, 2, 3].map(() => loop.createFuture<number>());
    for (const part of [a!, b!, c!]) gatherInto(whole, part);
    const first = new Error('first');
    a!.setException(first);
    b!.setException(new Error('second, retrieved but ignored'));
    loop.runUntilIdle();
    expect(whole.exception()).toBe(first);
    expect(c!.cancelled()).toBe(true);
  });

  it('hands results to onResult while the whole is pending, and to discard after', () => {
    // upstream: none (asyncio's create_server closes a server made after its caller was
    // cancelled in the same way: base_events.py create_server)
    const whole = loop.createFuture<void>();
    const early = loop.createFuture<string>();
    const late = loop.createFuture<string>();
    const got: string[] = [];
    const onResult = (v: string) => got.push(`result ${v}`);
    const discard = (v: string) => got.push(`discard ${v}`);
    gatherInto(whole, early, onResult, discard);
    gatherInto(whole, late, onResult, discard);
    early.setResult('a');
    loop.runUntilIdle();
    late.setResult('b'); // done before whole's cancel reaches it
    whole.cancel();
    loop.runUntilIdle();
    expect(got).toEqual(['result a', 'discard b']);
  });
});

describe('deadline()', () => {
  it('fails a pending Future with TimeoutError once the time has passed', () => {
    // upstream: tasks.py wait_for (a call_later that ends the wait with TimeoutError)
    const f = loop.createFuture<void>();
    deadline(f, 100, 'job');
    loop.advanceTime(99);
    expect(f.done()).toBe(false);
    loop.advanceTime(1);
    expect(f.exception()).toBeInstanceOf(TimeoutError);
    expect(f.exception()).toMatchObject({ code: 'ETIMEDOUT', message: 'job: not done in 100 ms' });
  });

  it('cancels its timer when the Future is done in time', () => {
    // upstream: tasks.py wait_for (its timeout handle is cancelled once the wait is over)
    const f = loop.createFuture<number>();
    deadline(f, 100, 'job');
    f.setResult(1);
    loop.advanceTime(1_000);
    expect(f.result()).toBe(1);
  });
});

describe('EchoScript', () => {
  it('hands out the messages one at a time and compares their echo chunk by chunk', () => {
    // upstream: none; SPEC.md T4.1 (closed loop, a mismatching echo is caught)
    const script = new EchoScript(0, 2, 4);
    const first = script.next()!;
    expect(first).toEqual(payload(0, 0, 4));
    expect(script.take(first.subarray(0, 3))).toBe('partial');
    expect(script.take(first.subarray(3))).toBe('whole');
    expect(script.finished()).toBe(false);
    const second = script.next()!;
    expect(second).not.toEqual(first);
    expect(script.take(Uint8Array.of(second[0]! ^ 1))).toBe('mismatch');
    expect(script.take(second)).toBe('whole');
    expect(script.finished()).toBe(true);
    expect(script.next()).toBeNull();
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
    const page = fetchPage(`http://127.0.0.1:${port}/`, { loop });
    loop.runUntilIdle(); // the first step: the request goes out
    await until(() => sockets.length === 1);
    // The head arrives; its done-callback waits in the TestLoop, which nothing drives now.
    await new Promise((r) => setTimeout(r, 200));
    page.cancel(); // so the page is done before that done-callback runs
    loop.runUntilIdle();
    expect(() => page.result()).toThrow(CancelledError);
    await until(() => closed, 5_000, 'the server to see the client close');
    await new Promise((r) => server.close(r));
  });
});
