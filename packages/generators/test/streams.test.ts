// asyncio streams on packages/future's transports (BEHAVIOURS.md point 31).
// Mirrors Lib/test/test_asyncio/test_streams.py. Read readme.test.ts next.
import { EventLoop, type Server, type Transport } from '@async-rosetta/future';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionResetError,
  IncompleteReadError,
  LimitOverrunError,
  RuntimeError,
} from '../src/errors.js';
import { type Operation, wait } from '../src/ops.js';
import { openConnection, startServer } from '../src/streams/open.js';
import { StreamReaderProtocol } from '../src/streams/protocol.js';
import { StreamReader } from '../src/streams/reader.js';
import { StreamWriter } from '../src/streams/writer.js';
import { createTask } from '../src/task.js';
import { testLoop, thrown } from './helpers.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString();
const bytes = (s: string): Uint8Array => Buffer.from(s);

/** A transport stand-in that records flow-control calls. */
function fakeTransport(): Transport & { calls: string[] } {
  const calls: string[] = [];
  const t = {
    calls,
    pauseReading: () => calls.push('pause'),
    resumeReading: () => calls.push('resume'),
    write: () => {},
    writeEof: () => {},
    canWriteEof: () => true,
    close: () => calls.push('close'),
    abort: () => calls.push('abort'),
    isClosing: () => false,
    isReading: () => true,
    getWriteBufferSize: () => 0,
    setWriteBufferLimits: () => {},
    getWriteBufferLimits: (): [number, number] => [16_384, 65_536],
    getExtraInfo: () => undefined,
  };
  return t;
}

describe('StreamReader', () => {
  it('read(n) returns what is buffered (up to n) at once, and waits when nothing is', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_read
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    reader.feedData(bytes('hello world'));
    const first = reader.read(5);
    expect(first.done()).toBe(true);
    expect(text(first.result())).toBe('hello');
    expect(text(reader.read(100).result())).toBe(' world');
    const waiting = reader.read(10);
    expect(waiting.done()).toBe(false);
    reader.feedData(bytes('more'));
    expect(text(waiting.result())).toBe('more');
  });

  it('read() with no n reads until EOF; at EOF a read is empty and atEof() is true', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_read_until_eof
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const all = reader.read();
    reader.feedData(bytes('a'));
    reader.feedData(bytes('b'));
    expect(all.done()).toBe(false);
    expect(reader.atEof()).toBe(false);
    reader.feedEof();
    expect(text(all.result())).toBe('ab');
    expect(reader.atEof()).toBe(true);
    expect(reader.read(10).result().length).toBe(0);
  });

  it('readline() returns one line with its newline, across chunks; at EOF the partial rest', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readline
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const line = reader.readline();
    reader.feedData(bytes('chunk1 '));
    reader.feedData(bytes('chunk2 '));
    expect(line.done()).toBe(false);
    reader.feedData(bytes('chunk3\nrest'));
    loop.runUntilIdle();
    expect(text(line.result())).toBe('chunk1 chunk2 chunk3\n');
    reader.feedEof();
    const last = reader.readline();
    loop.runUntilIdle();
    expect(text(last.result())).toBe('rest');
  });

  it('readexactly(n) waits for n bytes', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readexactly
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const four = reader.readexactly(4);
    reader.feedData(bytes('ab'));
    expect(four.done()).toBe(false);
    reader.feedData(bytes('cdef'));
    expect(text(four.result())).toBe('abcd');
    expect(text(reader.read(2).result())).toBe('ef');
  });

  it('readexactly(n) at EOF fails with IncompleteReadError carrying the partial bytes (ECONNRESET)', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readexactly_eof
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const f = reader.readexactly(10);
    reader.feedData(bytes('abc'));
    reader.feedEof();
    const e = thrown(f) as IncompleteReadError;
    expect(e).toBeInstanceOf(IncompleteReadError);
    expect(text(e.partial)).toBe('abc');
    expect(e.expected).toBe(10);
    expect(e.code).toBe('ECONNRESET');
  });

  it('readuntil(sep) returns the bytes up to and including the separator', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readuntil_separator
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    reader.feedData(bytes('lineAAA'));
    const f = reader.readuntil('AAA');
    expect(text(f.result())).toBe('lineAAA');
  });

  it('readuntil(sep) fails with LimitOverrunError past the limit, leaving the data buffered', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readuntil_limit_found_sep
    const loop = testLoop();
    const reader = new StreamReader({ loop, limit: 3 });
    reader.feedData(bytes('some data'));
    const e = thrown(reader.readuntil('AA')) as LimitOverrunError;
    expect(e).toBeInstanceOf(LimitOverrunError);
    expect(e.message).toMatch(/not found/);
    reader.feedData(bytes('AAA'));
    const found = thrown(reader.readuntil('AAA')) as LimitOverrunError;
    expect(found.message).toMatch(/is found/);
    expect(found.consumed).toBe(9);
    expect(text(reader.read(100).result())).toBe('some dataAAA');
  });

  it('the default limit is 64 KiB: readline() over it drops the line and fails with RangeError (asyncio: ValueError)', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readline_limit
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    expect(reader.limit).toBe(65_536);
    reader.feedData(new Uint8Array(70_000).fill(0x61));
    reader.feedData(bytes('\nnext\n'));
    const e = thrown(reader.readline()) as RangeError;
    expect(e).toBeInstanceOf(RangeError);
    expect(e.cause).toBeInstanceOf(LimitOverrunError);
    expect(text(reader.readline().result())).toBe('next\n'); // the long line is gone
  });

  it('a read fails with the exception set by the connection', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_read_exception
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const waiting = reader.read(2);
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    reader.setException(reset);
    expect(thrown(waiting)).toBe(reset);
    expect(thrown(reader.read(2))).toBe(reset);
  });

  it('a second read while one waits fails with RuntimeError', () => {
    // upstream: Lib/asyncio/streams.py StreamReader._wait_for_data (RuntimeError: another coroutine is already waiting)
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const first = reader.read(1);
    expect(thrown(reader.read(1))).toBeInstanceOf(RuntimeError);
    first.cancel();
    reader.feedData(bytes('x')); // a cancelled read leaves the data for the next one
    expect(text(reader.read(1).result())).toBe('x');
  });

  it('pauses the transport once its buffer passes 2×limit and resumes once it is back under the limit', () => {
    // upstream: Lib/asyncio/streams.py StreamReader.feed_data / _maybe_resume_transport
    const loop = testLoop();
    const reader = new StreamReader({ loop, limit: 10 });
    const transport = fakeTransport();
    reader.setTransport(transport);
    reader.feedData(new Uint8Array(20));
    expect(transport.calls).toEqual([]);
    reader.feedData(new Uint8Array(1)); // 21 > 2×10
    expect(transport.calls).toEqual(['pause']);
    reader.read(5).result(); // 16 left: still over the limit
    expect(transport.calls).toEqual(['pause']);
    reader.read(6).result(); // 10 left
    expect(transport.calls).toEqual(['pause', 'resume']);
  });

  it('keeps the transport reading while a read waits for more than 2×limit bytes', () => {
    // upstream: Lib/asyncio/streams.py StreamReader._wait_for_data (resumes a paused transport)
    const loop = testLoop();
    const reader = new StreamReader({ loop, limit: 10 });
    const transport = fakeTransport();
    reader.setTransport(transport);
    const big = reader.readexactly(100);
    for (let i = 0; i < 9; i++) reader.feedData(new Uint8Array(10));
    expect(transport.calls.at(-1)).toBe('resume'); // paused past 2×limit, resumed for the waiting read
    reader.feedData(new Uint8Array(10));
    expect(big.result().length).toBe(100);
  });
});

describe('StreamWriter', () => {
  it('drain() is done at once under the high-water mark and waits for resumeWriting() above it', () => {
    // upstream: Lib/asyncio/streams.py FlowControlMixin._drain_helper / pause_writing / resume_writing
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const protocol = new StreamReaderProtocol(loop, reader);
    const transport = fakeTransport();
    protocol.connectionMade(transport);
    const writer = new StreamWriter(transport, protocol, reader, loop);
    writer.write(bytes('never blocks'));
    expect(writer.drain().done()).toBe(true);
    protocol.pauseWriting();
    const drained = writer.drain();
    expect(drained.done()).toBe(false);
    protocol.resumeWriting();
    expect(drained.done() && drained.exception()).toBe(null);
  });

  it('drain() fails once the connection is lost', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_drain_raises;
    // Lib/asyncio/streams.py FlowControlMixin.connection_lost / _drain_helper
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const protocol = new StreamReaderProtocol(loop, reader);
    const transport = fakeTransport();
    protocol.connectionMade(transport);
    const writer = new StreamWriter(transport, protocol, reader, loop);
    protocol.pauseWriting();
    const waiting = writer.drain();
    const reset = new ConnectionResetError('reset by peer');
    protocol.connectionLost(reset);
    expect(thrown(waiting)).toBe(reset);
    expect(thrown(writer.drain())).toBe(reset); // the reader's exception comes first
  });

  it('a drain waiting when the connection closes cleanly succeeds; the next drain() fails', () => {
    // upstream: Lib/asyncio/streams.py FlowControlMixin.connection_lost (exc None:
    // `waiter.set_result(None)`) and _drain_helper (`raise ConnectionResetError('Connection lost')`)
    const loop = testLoop();
    const protocol = new StreamReaderProtocol(loop, new StreamReader({ loop }));
    const transport = fakeTransport();
    protocol.connectionMade(transport);
    const writer = new StreamWriter(transport, protocol, null, loop);
    protocol.pauseWriting();
    const waiting = writer.drain();
    protocol.connectionLost(null);
    expect(waiting.done() && waiting.exception()).toBe(null);
    expect(thrown(writer.drain())).toBeInstanceOf(ConnectionResetError);
  });

  it('drain() on a closing transport gives up one iteration, so a connection lost meanwhile is seen', () => {
    // upstream: Lib/asyncio/streams.py StreamWriter.drain (`if self._transport.is_closing():
    // await sleep(0)`), the fix Lib/test/test_asyncio/test_streams.py StreamTests.test_drain_raises guards
    const loop = testLoop();
    const protocol = new StreamReaderProtocol(loop, new StreamReader({ loop }));
    const transport = { ...fakeTransport(), isClosing: () => true };
    protocol.connectionMade(transport);
    const writer = new StreamWriter(transport, protocol, null, loop);
    const drained = writer.drain();
    expect(drained.done()).toBe(false); // it would be done at once if it did not yield
    protocol.connectionLost(null); // the transport finished closing in the meantime
    loop.runOnce();
    expect(thrown(drained)).toBeInstanceOf(ConnectionResetError);
  });
});

describe('openConnection() and startServer()', () => {
  const loops: EventLoop[] = [];
  afterEach(() => {
    for (const l of loops.splice(0)) l.close();
  });
  function realLoop(): EventLoop {
    const l = new EventLoop();
    loops.push(l);
    return l;
  }
  function runOn<T>(loop: EventLoop, op: Operation<T>): Promise<T> {
    return loop.runUntilComplete(createTask(op, { loop }));
  }

  it('run a generator handler as a Task per connection; reader/writer talk both ways; waitClosed() after close()', async () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_start_server, test_open_connection
    const loop = realLoop();
    const handled: string[] = [];
    const result = await runOn(
      loop,
      (function* () {
        const server: Server = yield* wait(
          startServer(
            function* (reader, writer) {
              for (;;) {
                const line = yield* wait(reader.readline());
                if (line.length === 0) break;
                handled.push(text(line).trim());
                writer.write(text(line).toUpperCase());
                yield* wait(writer.drain());
              }
              writer.close();
            },
            '127.0.0.1',
            0,
          ),
        );
        try {
          const [reader, writer] = yield* wait(openConnection('127.0.0.1', server.address().port));
          writer.write('hello\nworld\n');
          const a = yield* wait(reader.readline());
          const b = yield* wait(reader.readexactly(6));
          writer.writeEof(); // half-close: the handler sees EOF and closes
          const rest = yield* wait(reader.read());
          writer.close();
          yield* wait(writer.waitClosed());
          return [text(a), text(b), rest.length, reader.atEof()];
        } finally {
          server.close();
          yield* wait(server.waitClosed());
        }
      })(),
    );
    expect(result).toEqual(['HELLO\n', 'WORLD\n', 0, true]);
    expect(handled).toEqual(['hello', 'world']);
  });

  it('openConnection() to a closed port fails with ECONNREFUSED', async () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_open_connection_error
    const loop = realLoop();
    const port = await runOn(
      loop,
      (function* () {
        const server = yield* wait(startServer(() => {}, '127.0.0.1', 0));
        const p = server.address().port;
        server.close();
        yield* wait(server.waitClosed());
        return p;
      })(),
    );
    const connect = function* () {
      return yield* wait(openConnection('127.0.0.1', port));
    };
    await expect(runOn(loop, connect())).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('the reader pauses a real transport while the handler does not read, and no byte is lost', async () => {
    // upstream: Lib/asyncio/streams.py StreamReader.feed_data (pause past 2×limit)
    const loop = realLoop();
    const size = 1024 * 1024;
    let paused = false;
    const received = await runOn(
      loop,
      (function* () {
        const got = loop.createFuture<number>();
        const server = yield* wait(
          startServer(
            function* (reader, writer) {
              // Read nothing until the buffer passed 2×limit and the reader paused the transport.
              for (let waited = 0; writer.transport.isReading() && waited < 5000; waited += 10) {
                yield* wait(sleepOn(loop, 10));
              }
              paused = !writer.transport.isReading();
              let n = 0;
              for (;;) {
                const chunk = yield* wait(reader.read(65_536));
                if (chunk.length === 0) break;
                n += chunk.length;
              }
              got.setResult(n);
              writer.close();
            },
            '127.0.0.1',
            0,
            { limit: 1024 },
          ),
        );
        const [, writer] = yield* wait(openConnection('127.0.0.1', server.address().port));
        writer.write(new Uint8Array(size));
        writer.writeEof();
        const n = yield* wait(got);
        writer.close();
        server.close();
        yield* wait(server.waitClosed());
        return n;
      })(),
    );
    expect(paused).toBe(true);
    expect(received).toBe(size);
  });
});

function sleepOn(loop: EventLoop, ms: number) {
  const f = loop.createFuture<void>();
  loop.callLater(ms, () => f.setResult(undefined));
  return f;
}

describe('StreamReader against CPython 3.11 streams.py', () => {
  it('a read the buffer can answer succeeds while another read waits; only a second wait is refused', () => {
    // upstream: Lib/asyncio/streams.py StreamReader.read and readexactly (they call
    // _wait_for_data, which raises RuntimeError, only when the buffer cannot answer)
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    reader.feedData(bytes('abcde'));
    const waiting = reader.readexactly(10);
    expect(waiting.done()).toBe(false);
    expect(text(reader.read(3).result())).toBe('abc');
    expect(thrown(reader.readexactly(4))).toBeInstanceOf(RuntimeError);
    reader.feedData(bytes('fghijklm'));
    expect(text(waiting.result())).toBe('defghijklm');
  });

  it('readexactly(-1) and readuntil("") are argument errors even after the connection failed', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readexactly_zero_or_less;
    // Lib/asyncio/streams.py readexactly / readuntil check the argument before `self._exception`
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    reader.feedData(bytes('data'));
    expect(text(reader.readexactly(0).result())).toBe('');
    reader.setException(new Error('reset'));
    expect(thrown(reader.readexactly(-1))).toBeInstanceOf(RangeError);
    expect(thrown(reader.readuntil(''))).toBeInstanceOf(RangeError);
    expect((thrown(reader.readexactly(0)) as Error).message).toBe('reset');
  });

  it('a cancelled readline() leaves no waiter behind, so a later setException() is safe', () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_exception_cancel
    const loop = testLoop();
    const reader = new StreamReader({ loop });
    const line = reader.readline();
    line.cancel();
    reader.setException(new Error('message'));
    loop.runUntilIdle();
    expect(line.cancelled()).toBe(true);
    expect((thrown(reader.read(1)) as Error).message).toBe('message');
  });
});
