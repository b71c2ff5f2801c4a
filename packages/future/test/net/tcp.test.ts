/**
 * createServer/createConnection over real sockets on 127.0.0.1: the Protocol call
 * order end to end, half-close, flow control against a peer that does not read,
 * close() flushing and abort() dropping, refused and cancelled connections
 * (../../BEHAVIOURS.md points 17–20). Read transport.test.ts next.
 */
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLoop, type ExceptionContext } from '../../src/loop.js';
import { Protocol } from '../../src/net/protocols.js';
import type { Server } from '../../src/net/server.js';
import type { Transport } from '../../src/net/transport.js';
import { Recorder, until } from './helpers.js';

let loop: EventLoop;
const handled: ExceptionContext[] = [];

beforeAll(() => {
  loop = new EventLoop();
  loop.setExceptionHandler((_l, ctx) => handled.push(ctx));
});

afterAll(() => {
  expect(handled).toEqual([]);
  loop.close();
});

/** A server whose protocols are recorded, in accept order. */
async function recordingServer(
  make: () => Recorder = () => new Recorder(),
): Promise<{ server: Server; protocols: Recorder[] }> {
  const protocols: Recorder[] = [];
  const server = await loop.createServer(
    () => {
      const p = make();
      protocols.push(p);
      return p;
    },
    '127.0.0.1',
    0,
  );
  return { server, protocols };
}

async function shutdown(server: Server): Promise<void> {
  server.close();
  server.abortClients();
  await server.waitClosed();
}

/** A raw node:net server that accepts and never reads (its sockets are kept to read later). */
async function nonReadingPeer(): Promise<{
  port: number;
  sockets: import('node:net').Socket[];
  net: NetServer;
}> {
  const sockets: import('node:net').Socket[] = [];
  const net = createNetServer({ pauseOnConnect: true }, (s) => sockets.push(s));
  await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
  const port = (net.address() as { port: number }).port;
  return { port, sockets, net };
}

describe('loop.createServer()', () => {
  it('listens on 127.0.0.1 and reports the real port', async () => {
    // upstream: test_events.py EventLoopTestsMixin.test_create_server
    const { server } = await recordingServer();
    const { host, port } = server.address();
    expect(host).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    expect(server.sockets()).toHaveLength(1);
    expect(server.isServing()).toBe(true);
    await shutdown(server);
    expect(server.sockets()).toHaveLength(0);
  });

  it('fails with EADDRINUSE when the port is taken', async () => {
    // upstream: test_events.py EventLoopTestsMixin.test_create_server_addr_in_use
    const { server } = await recordingServer();
    const second = loop.createServer(() => new Recorder(), '127.0.0.1', server.address().port);
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await shutdown(server);
  });

  it('gives each connection a fresh protocol, called made → data → eof → lost', async () => {
    // upstream: test_events.py EventLoopTestsMixin.test_create_server (MyProto states
    // INITIAL → CONNECTED → EOF → CLOSED)
    const { server, protocols } = await recordingServer();
    const { port } = server.address();
    for (let i = 0; i < 2; i++) {
      const client = connect(port, '127.0.0.1');
      client.end(`hello ${i}`);
      client.resume();
      await new Promise((r) => client.on('close', r));
    }
    await until(() => protocols.every((p) => p.count('lost') === 1) && protocols.length === 2);
    expect(protocols[0]).not.toBe(protocols[1]);
    for (const [i, p] of protocols.entries()) {
      expect(p.events[0]).toBe('made');
      expect(p.events.slice(-2)).toEqual(['eof', 'lost']);
      expect(p.events.slice(1, -2).every((e) => e === 'data')).toBe(true);
      expect(p.received().toString()).toBe(`hello ${i}`);
      expect(p.lostWith).toBeNull();
    }
    await shutdown(server);
  });

  it('close() stops accepting; waitClosed() waits until the last connection is lost', async () => {
    // upstream: test_server.py (asyncio 3.12) TestServer2.test_wait_closed_basic
    const { server, protocols } = await recordingServer();
    const client = connect(server.address().port, '127.0.0.1');
    await until(() => protocols.length === 1 && protocols[0]!.transport !== null);
    server.close();
    const closed = server.waitClosed();
    await new Promise((r) => setTimeout(r, 20));
    expect(closed.done()).toBe(false);
    expect(server.transports()).toHaveLength(1);
    server.closeClients();
    await closed;
    expect(server.transports()).toHaveLength(0);
    expect(protocols[0]!.count('lost')).toBe(1);
    client.destroy();
    const refused = connect(server.address().port, '127.0.0.1');
    await expect(
      new Promise((_r, reject) => refused.on('error', reject).on('connect', () => _r(null))),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('a protocolFactory that throws', () => {
  it('createServer: the exception handler hears of it and the connection is dropped', async () => {
    // upstream: selector_events.py _accept_connection2 ("Error on transport creation for
    // incoming connection"); the server keeps serving
    const boom = new Error('no protocol today');
    const server = await loop.createServer(
      () => {
        throw boom;
      },
      '127.0.0.1',
      0,
    );
    const client = connect(server.address().port, '127.0.0.1');
    client.on('error', () => {});
    await new Promise((r) => client.on('close', r));
    await until(() => handled.length === 1);
    expect(handled.splice(0)).toMatchObject([
      { message: 'Error on transport creation for incoming connection', exception: boom },
    ]);
    expect(server.isServing()).toBe(true);
    await shutdown(server);
  });

  it('createConnection: the Future fails with its exception and the socket is closed', async () => {
    // upstream: base_events.py _create_connection_transport (the factory runs inside the
    // coroutine, so its exception is the coroutine's)
    const peer = await nonReadingPeer();
    let closedAtPeer = false;
    peer.net.on('connection', (s) => s.on('close', () => (closedAtPeer = true)).resume());
    const boom = new Error('no protocol today');
    const f = loop.createConnection(
      () => {
        throw boom;
      },
      '127.0.0.1',
      peer.port,
    );
    await expect(f).rejects.toBe(boom);
    await until(() => closedAtPeer, 10_000, 'the peer to see the socket close');
    await new Promise((r) => peer.net.close(r));
  });
});

describe('loop.createConnection()', () => {
  it('resolves [transport, protocol] after connectionMade ran', async () => {
    // upstream: test_events.py EventLoopTestsMixin.test_create_connection
    const { server, protocols } = await recordingServer();
    const [transport, protocol] = await loop.createConnection(
      () => new Recorder(),
      '127.0.0.1',
      server.address().port,
    );
    expect(protocol.events).toEqual(['made']);
    expect(protocol.transport).toBe(transport);
    expect(transport.getExtraInfo('peername')).toEqual({
      host: '127.0.0.1',
      port: server.address().port,
    });
    transport.write('ping');
    await until(() => protocols[0]?.received().toString() === 'ping');
    transport.close();
    await until(() => protocol.count('lost') === 1 && protocols[0]!.count('lost') === 1);
    expect(protocols[0]!.events.slice(-2)).toEqual(['eof', 'lost']);
    await shutdown(server);
  });

  it('sets an error with code ECONNREFUSED when nothing listens', async () => {
    // upstream: test_base_events.py BaseEventLoopWithSelectorTests.test_create_connection_connect_err
    const { port, net } = await nonReadingPeer();
    await new Promise((r) => net.close(r));
    const f = loop.createConnection(() => new Recorder(), '127.0.0.1', port);
    await expect(f).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cancelled before its first step, it never connects', async () => {
    // upstream: base_events.py create_connection is a coroutine: cancelled before its first
    // step, it never runs
    const peer = await nonReadingPeer();
    const made: Recorder[] = [];
    const f = loop.createConnection(
      () => made[made.push(new Recorder()) - 1]!,
      '127.0.0.1',
      peer.port,
    );
    expect(f.cancel()).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.sockets).toHaveLength(0);
    expect(made).toHaveLength(0);
    await new Promise((r) => peer.net.close(r));
  });

  it('cancelled while connecting, it aborts the attempt: nothing stays open', async () => {
    // upstream: base_events.py _create_connection_transport (cancelled while waiting: closed)
    const peer = await nonReadingPeer();
    const closedAtPeer: boolean[] = [];
    peer.net.on('connection', (s) => {
      const i = closedAtPeer.push(false) - 1;
      s.on('error', () => {});
      s.on('close', () => (closedAtPeer[i] = true));
      s.resume();
    });
    const made: Recorder[] = [];
    const f = loop.createConnection(
      () => made[made.push(new Recorder()) - 1]!,
      '127.0.0.1',
      peer.port,
    );
    loop.callSoon(() => f.cancel()); // runs right after the connect started, before it completes
    await new Promise((r) => setTimeout(r, 50));
    expect(f.cancelled()).toBe(true);
    expect(made).toHaveLength(0);
    await until(() => closedAtPeer.every(Boolean), 10_000, 'the peer to see every socket close');
    await new Promise((r) => peer.net.close(r));
  });
});

describe('half-close', () => {
  it('writeEof() lets the peer see EOF and still answer; eofReceived() true keeps it open', async () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_write_eof,
    // test_read_ready_eof_keep_open
    class Answerer extends Protocol {
      t!: Transport;
      got = '';
      override connectionMade(t: Transport): void {
        this.t = t;
      }
      override dataReceived(d: Uint8Array): void {
        this.got += Buffer.from(d).toString();
      }
      override eofReceived(): boolean {
        this.t.write(`you said ${this.got}`);
        this.t.close();
        return true;
      }
    }
    const server = await loop.createServer(() => new Answerer(), '127.0.0.1', 0);
    const [t, p] = await loop.createConnection(
      () => new Recorder(),
      '127.0.0.1',
      server.address().port,
    );
    t.write('hi');
    t.writeEof();
    await until(() => p.count('lost') === 1);
    expect(p.received().toString()).toBe('you said hi');
    expect(p.events.slice(-2)).toEqual(['eof', 'lost']);
    await shutdown(server);
  });
});

describe('flow control on a real socket', () => {
  it('a peer that does not read: pauseWriting once above high; resumeWriting once it reads', async () => {
    // upstream: test_events.py EventLoopTestsMixin.test_flowcontrol_mixin_set_write_limits (a real
    // connection); transports.py _FlowControlMixin._maybe_pause_protocol/_maybe_resume_protocol
    const peer = await nonReadingPeer();
    const [t, p] = await loop.createConnection(() => new Recorder(), '127.0.0.1', peer.port);
    const chunk = new Uint8Array(64 * 1024);
    let written = 0;
    while (p.count('pause') === 0 && written < 256 * 1024 * 1024) {
      t.write(chunk);
      written += chunk.length;
    }
    expect(p.count('pause')).toBe(1);
    expect(t.getWriteBufferSize()).toBeGreaterThan(64 * 1024);
    t.write(chunk);
    written += chunk.length;
    expect(p.count('pause')).toBe(1);
    let drained = 0;
    let bufferAtResume = -1;
    p.resumeWriting = () => {
      p.events.push('resume');
      bufferAtResume = t.getWriteBufferSize();
    };
    const reader = peer.sockets[0]!;
    reader.on('data', (d: Buffer) => {
      drained += d.length;
    });
    reader.resume();
    await until(() => drained === written, 20_000, 'the peer to read everything');
    expect(p.count('resume')).toBe(1);
    expect(bufferAtResume).toBeLessThanOrEqual(16 * 1024);
    expect(p.events.filter((e) => e === 'pause' || e === 'resume')).toEqual(['pause', 'resume']);
    t.close();
    await until(() => p.count('lost') === 1);
    reader.destroy();
    await new Promise((r) => peer.net.close(r));
  });

  it('pauseReading() stops dataReceived until resumeReading()', async () => {
    // upstream: test_selector_events.py SelectorSocketTransportTests.test_pause_resume_reading
    // (here over a real socket)
    const { server, protocols } = await recordingServer();
    const client = connect(server.address().port, '127.0.0.1');
    await until(() => protocols[0]?.transport != null);
    const p = protocols[0]!;
    p.transport!.pauseReading();
    client.write('held');
    await new Promise((r) => setTimeout(r, 50));
    expect(p.count('data')).toBe(0);
    p.transport!.resumeReading();
    await until(() => p.received().toString() === 'held');
    client.destroy();
    await shutdown(server);
  });
});

describe('close() and abort() on a real socket', () => {
  it('close() flushes a large buffer first: the peer gets every byte, then EOF', async () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_close_write_buffer
    const peer = await nonReadingPeer();
    const [t, p] = await loop.createConnection(() => new Recorder(), '127.0.0.1', peer.port);
    const big = new Uint8Array(8 * 1024 * 1024).fill(7);
    t.write(big);
    t.close();
    expect(t.isClosing()).toBe(true);
    expect(p.count('lost')).toBe(0);
    const reader = peer.sockets[0]!;
    let got = 0;
    reader.on('data', (d: Buffer) => {
      got += d.length;
    });
    const ended = new Promise((r) => reader.on('end', r));
    reader.resume();
    await ended;
    expect(got).toBe(big.length);
    await until(() => p.count('lost') === 1);
    expect(p.lostWith).toBeNull();
    reader.destroy();
    await new Promise((r) => peer.net.close(r));
  });

  it('abort() drops the buffer: the peer gets less than was written', async () => {
    // upstream: test_selector_events.py SelectorTransportTests.test_abort
    const peer = await nonReadingPeer();
    const [t, p] = await loop.createConnection(() => new Recorder(), '127.0.0.1', peer.port);
    const big = new Uint8Array(32 * 1024 * 1024);
    t.write(big);
    t.abort();
    await until(() => p.count('lost') === 1);
    expect(p.lostWith).toBeNull();
    const reader = peer.sockets[0]!;
    let got = 0;
    reader.on('data', (d: Buffer) => {
      got += d.length;
    });
    reader.on('error', () => {});
    const done = new Promise((r) => reader.on('close', r));
    reader.resume();
    await done;
    expect(got).toBeLessThan(big.length);
    await new Promise((r) => peer.net.close(r));
  });
});
