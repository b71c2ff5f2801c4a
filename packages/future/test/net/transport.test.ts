/**
 * SocketTransport over a fake socket on a TestLoop: the Protocol call order, write
 * buffering and flow control, pause/resume reading, close/abort — deterministic, as
 * CPython's test_selector_events.py tests the selector transport over a mock socket
 * (../../BEHAVIOURS.md points 18–20). Read ../http/client.test.ts next.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExceptionContext } from '../../src/loop.js';
import { SocketTransport } from '../../src/net/transport.js';
import { TestLoop } from '../../src/test-loop.js';
import { FakeSocket, Recorder } from './helpers.js';

let loop: TestLoop;
let socket: FakeSocket;
let protocol: Recorder;
let handled: ExceptionContext[];

beforeEach(() => {
  loop = new TestLoop();
  handled = [];
  loop.setExceptionHandler((_l, ctx) => handled.push(ctx));
  socket = new FakeSocket();
  protocol = new Recorder();
});

afterEach(() => {
  loop.close();
});

/** A transport whose connectionMade has run. */
function connected(): SocketTransport {
  const t = new SocketTransport(loop, socket.asSocket(), protocol);
  loop.runUntilIdle();
  return t;
}

describe('SocketTransport construction', () => {
  it('calls connectionMade through callSoon, never inside the constructor', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_ctor
    const t = new SocketTransport(loop, socket.asSocket(), protocol);
    expect(protocol.events).toEqual([]);
    loop.runOnce();
    expect(protocol.events).toEqual(['made']);
    expect(protocol.transport).toBe(t);
  });

  it('starts reading only after connectionMade, then resolves the waiter', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_ctor_with_waiter
    const waiter = loop.createFuture<void>();
    const seenInConnectionMade: boolean[] = [];
    protocol.connectionMade = () => seenInConnectionMade.push(socket.paused, waiter.done());
    new SocketTransport(loop, socket.asSocket(), protocol, { waiter });
    expect(socket.paused).toBe(true);
    loop.runOnce(); // connectionMade, then start reading, then the waiter: in that order
    expect(seenInConnectionMade).toEqual([true, false]);
    expect(socket.paused).toBe(false);
    expect(waiter.done()).toBe(true);
  });

  it('does not start reading when connectionMade paused reading', () => {
    // upstream: selector_events.py _SelectorTransport._add_reader (checks is_reading())
    protocol.connectionMade = (t) => t.pauseReading();
    new SocketTransport(loop, socket.asSocket(), protocol);
    loop.runUntilIdle();
    expect(socket.paused).toBe(true);
  });
});

describe('dataReceived() and eofReceived()', () => {
  it('passes every chunk to dataReceived', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_read_ready
    connected();
    socket.receive('data');
    socket.receive('more');
    expect(protocol.received().toString()).toBe('datamore');
  });

  it('closes itself when eofReceived returns a falsy value', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_read_ready_eof
    const t = connected();
    socket.emit('end');
    expect(t.isClosing()).toBe(true);
    loop.runUntilIdle();
    expect(protocol.events).toEqual(['made', 'eof', 'lost']);
    expect(protocol.lostWith).toBeNull();
  });

  it('stays open when eofReceived returns true, so the protocol can still write', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_read_ready_eof_keep_open
    protocol.keepOpen = true;
    const t = connected();
    socket.emit('end');
    loop.runUntilIdle();
    expect(t.isClosing()).toBe(false);
    t.write('late answer');
    expect(socket.written.map(String)).toEqual(['late answer']);
    t.close();
    socket.flush();
    loop.runUntilIdle();
    expect(protocol.events).toEqual(['made', 'eof', 'lost']);
  });

  it('reports a throwing dataReceived to the exception handler and loses the connection with it', () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_fatal_error
    // (selector_events.py: "Fatal error: protocol.data_received() call failed.")
    const boom = new Error('boom');
    protocol.onData = () => {
      throw boom;
    };
    connected();
    socket.receive('x');
    loop.runUntilIdle();
    expect(handled.map((c) => c.message)).toEqual([
      'Fatal error: protocol.dataReceived() call failed.',
    ]);
    expect(handled[0]?.exception).toBe(boom);
    expect(socket.destroyed).toBe(true);
    expect(protocol.lostWith).toBe(boom);
  });
});

describe('connectionLost()', () => {
  it('a socket error loses the connection with that error, without the exception handler', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_read_ready_conn_reset
    connected();
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    socket.emit('error', reset);
    socket.emit('close');
    loop.runUntilIdle();
    expect(protocol.events).toEqual(['made', 'lost']);
    expect(protocol.lostWith).toBe(reset);
    expect(handled).toEqual([]);
  });

  it('is called exactly once, last, however many ways the connection ends', () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_close, test_force_close
    const t = connected();
    t.close();
    t.close();
    t.abort();
    socket.emit('close');
    socket.emit('end');
    socket.receive('ignored');
    loop.runUntilIdle();
    expect(protocol.events).toEqual(['made', 'lost']);
  });

  it('runs through callSoon, in a later iteration than the close', () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_close
    const t = connected();
    t.close();
    expect(protocol.count('lost')).toBe(0);
    loop.runOnce();
    expect(protocol.count('lost')).toBe(1);
  });
});

describe('write()', () => {
  it('hands bytes to the socket; a string is sent as UTF-8', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_write
    const t = connected();
    t.write(new Uint8Array([1, 2, 3]));
    t.write('é');
    expect(socket.written).toEqual([Buffer.from([1, 2, 3]), Buffer.from('é', 'utf8')]);
  });

  it('ignores empty data', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_write_no_data
    const t = connected();
    t.write(new Uint8Array(0));
    t.write('');
    expect(socket.written).toEqual([]);
  });

  it('drops writes once the connection is lost', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_write_closing
    const t = connected();
    t.abort();
    t.write('data');
    expect(socket.written).toEqual([]);
  });

  it('writeEof ends our side once and makes later writes throw', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_write_eof
    const t = connected();
    expect(t.canWriteEof()).toBe(true);
    t.writeEof();
    t.writeEof();
    expect(socket.ended).toBe(true);
    expect(() => t.write('x')).toThrow('Cannot call write() after writeEof()');
  });

  it('getWriteBufferSize() counts the bytes the kernel has not taken yet', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_write_partial
    const t = connected();
    t.write('abcd');
    t.write('ef');
    expect(t.getWriteBufferSize()).toBe(6);
    socket.flush(1);
    expect(t.getWriteBufferSize()).toBe(2);
  });
});

describe('write flow control', () => {
  it('defaults to high 64 KiB, low 16 KiB, reported as [low, high]', () => {
    // upstream: test_transports.py TransportTests.test_flowcontrol_mixin_set_write_limits
    const t = connected();
    expect(t.getWriteBufferLimits()).toEqual([16 * 1024, 64 * 1024]);
    t.setWriteBufferLimits(1000);
    expect(t.getWriteBufferLimits()).toEqual([250, 1000]);
    t.setWriteBufferLimits(undefined, 100);
    expect(t.getWriteBufferLimits()).toEqual([100, 400]);
    t.setWriteBufferLimits(100, 100);
    expect(t.getWriteBufferLimits()).toEqual([100, 100]);
  });

  it('rejects limits unless high >= low >= 0', () => {
    // upstream: test_transports.py TransportTests.test_flowcontrol_mixin_set_write_limits
    const t = connected();
    expect(() => t.setWriteBufferLimits(0, 1)).toThrow(/high \(0\) must be >= low \(1\)/);
    expect(() => t.setWriteBufferLimits(10, -1)).toThrow(RangeError);
    expect(t.getWriteBufferLimits()).toEqual([16 * 1024, 64 * 1024]);
  });

  it('calls pauseWriting once when the buffer goes above high, not at high', () => {
    // upstream: transports.py _FlowControlMixin._maybe_pause_protocol (pauses when size > high);
    // test_transports.py TransportTests.test_flowcontrol_mixin_set_write_limits
    const t = connected();
    t.setWriteBufferLimits(10, 4);
    t.write('0123456789');
    expect(protocol.count('pause')).toBe(0); // at high: not above it
    t.write('a');
    expect(protocol.count('pause')).toBe(1);
    t.write('more and more');
    expect(protocol.count('pause')).toBe(1);
  });

  it('calls resumeWriting once when the buffer falls to the low-water mark', () => {
    // upstream: transports.py _FlowControlMixin._maybe_resume_protocol (resumes when size <= low)
    const t = connected();
    t.setWriteBufferLimits(10, 4);
    for (const chunk of ['aaaa', 'bbbbbb', 'cccc']) t.write(chunk); // 14 > 10
    expect(protocol.events).toEqual(['made', 'pause']);
    socket.flush(1); // 10 left: above low
    expect(protocol.count('resume')).toBe(0);
    socket.flush(1); // 4 left: exactly at low
    expect(protocol.events).toEqual(['made', 'pause', 'resume']);
    socket.flush();
    expect(protocol.count('resume')).toBe(1);
  });

  it('pauses at once when new limits put the current buffer above high', () => {
    // upstream: test_transports.py TransportTests.test_flowcontrol_mixin_set_write_limits
    const t = connected();
    t.write('x'.repeat(512));
    expect(protocol.count('pause')).toBe(0);
    t.setWriteBufferLimits(256, 128);
    expect(protocol.count('pause')).toBe(1);
  });

  it('reports a throwing pauseWriting to the exception handler and keeps the connection', () => {
    // upstream: transports.py _maybe_pause_protocol ("protocol.pause_writing() failed")
    protocol.pauseWriting = () => {
      throw new Error('no');
    };
    const t = connected();
    t.setWriteBufferLimits(1, 0);
    t.write('xy');
    expect(handled.map((c) => c.message)).toEqual(['protocol.pauseWriting() failed']);
    expect(t.isClosing()).toBe(false);
  });
});

describe('pauseReading() / resumeReading()', () => {
  it('stops and restarts dataReceived; isReading() follows', () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_pause_resume_reading
    const t = connected();
    expect(t.isReading()).toBe(true);
    t.pauseReading();
    expect(t.isReading()).toBe(false);
    expect(socket.paused).toBe(true);
    socket.receive('held back');
    expect(protocol.count('data')).toBe(0);
    t.resumeReading();
    expect(t.isReading()).toBe(true);
    expect(socket.paused).toBe(false);
    t.resumeReading(); // not paused: a no-op (asyncio >= 3.7)
    socket.receive('flows');
    expect(protocol.received().toString()).toBe('flows');
  });

  it('does nothing once the transport is closing', () => {
    // upstream: selector_events.py _SelectorTransport.pause_reading/resume_reading
    const t = connected();
    t.close();
    expect(t.isReading()).toBe(false);
    t.resumeReading();
    expect(t.isReading()).toBe(false);
  });
});

describe('close() and abort()', () => {
  it('close() with data pending waits for the flush, then connectionLost(null)', () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_close_write_buffer,
    // SelectorSocketTransportTests.test_write_ready_closing
    const t = connected();
    t.write('pending');
    t.close();
    loop.runUntilIdle();
    expect(protocol.count('lost')).toBe(0);
    expect(socket.destroyed).toBe(false);
    socket.flush();
    expect(socket.destroyed).toBe(true);
    loop.runUntilIdle();
    expect(protocol.events).toEqual(['made', 'lost']);
    expect(protocol.lostWith).toBeNull();
  });

  it('abort() drops the buffer and loses the connection with null', () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_abort, test_force_close
    const t = connected();
    t.write('never sent');
    t.abort();
    expect(socket.destroyed).toBe(true);
    expect(t.getWriteBufferSize()).toBe(0);
    expect(t.isClosing()).toBe(true);
    loop.runUntilIdle();
    expect(protocol.events).toEqual(['made', 'lost']);
    expect(protocol.lostWith).toBeNull();
  });

  it('getExtraInfo gives the peer and local addresses and the socket', () => {
    // upstream: no test of its own; selector_events.py _SelectorTransport.__init__ records the
    // 'socket', 'sockname' and 'peername' extras
    const t = connected();
    expect(t.getExtraInfo('peername')).toEqual({ host: '127.0.0.1', port: 5000 });
    expect(t.getExtraInfo('sockname')).toEqual({ host: '127.0.0.1', port: 6000 });
    expect(t.getExtraInfo('socket')).toBe(socket);
  });
});
