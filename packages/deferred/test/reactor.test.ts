// Deferreds — the semantic tests of the reactor facade: delayed calls over Node's timers,
// listenTCP and connectTCP with their Factory callbacks. Lineage: twisted/test/test_internet.py
// (DelayedCall, callLater) and twisted/internet/test/test_tcp.py. Read next: protocol.test.ts.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  AlreadyCalled,
  AlreadyCancelled,
  CannotListenError,
  ClientFactory,
  ConnectionDone,
  ConnectionRefusedError,
  Factory,
  type Failure,
  type IConnector,
  InvalidStateError,
  Protocol,
  reactor,
  UserError,
} from '../src/index.js';
import { freePort, rawClient, rawServer, waitUntil } from './net-support.js';

describe('reactor.callLater()', () => {
  it('runs the function with its arguments after the delay', async () => {
    // upstream: twisted/test/test_internet.py TimeTests.test_callLaterOrder
    const calls: unknown[] = [];
    const start = reactor.now();
    const call = reactor.callLater(
      20,
      (a: string, b: number) => calls.push([a, b, reactor.now() - start]),
      'x',
      1,
    );
    expect(call.active()).toBe(true);
    expect(call.getTime()).toBeCloseTo(start + 20, 0);
    await waitUntil(() => calls.length === 1);
    expect(calls[0]).toEqual(['x', 1, expect.any(Number)]);
    expect((calls[0] as number[])[2]).toBeGreaterThanOrEqual(19);
    expect(call.active()).toBe(false);
  });

  it('does not run a cancelled call', async () => {
    // upstream: twisted/test/test_internet.py TimeTests.test_cancelDelayedCall
    let ran = false;
    const call = reactor.callLater(5, () => {
      ran = true;
    });
    call.cancel();
    expect(call.active()).toBe(false);
    await sleep(30);
    expect(ran).toBe(false);
  });

  it('raises AlreadyCancelled on a second cancel and AlreadyCalled after it ran', async () => {
    // upstream: twisted/test/test_internet.py TimeTests.test_cancelCancelledDelayedCall, test_cancelCalledDelayedCallSynchronous
    const cancelled = reactor.callLater(1000, () => {});
    cancelled.cancel();
    expect(() => cancelled.cancel()).toThrow(AlreadyCancelled);
    expect(() => cancelled.reset(10)).toThrow(AlreadyCancelled);
    const called = reactor.callLater(0, () => {});
    await waitUntil(() => !called.active());
    expect(() => called.cancel()).toThrow(AlreadyCalled);
    expect(() => called.delay(10)).toThrow(AlreadyCalled);
    expect(() => called.cancel()).toThrow(InvalidStateError); // as Clock's delayed calls
  });

  it('reset() and delay() move the time it runs at', async () => {
    // upstream: twisted/test/test_internet.py TimeTests.test_delayedCallReset / test_delayedCallDelay
    let ranAt = 0;
    const start = reactor.now();
    const call = reactor.callLater(10_000, () => {
      ranAt = reactor.now();
    });
    onTestFinished(() => {
      if (call.active()) call.cancel();
    });
    call.reset(20);
    expect(call.getTime()).toBeCloseTo(start + 20, -1);
    call.delay(20);
    expect(call.getTime()).toBeCloseTo(start + 40, -1);
    await waitUntil(() => ranAt > 0);
    expect(ranAt - start).toBeGreaterThanOrEqual(39);
  });

  it('reports an exception from the call and keeps going', async () => {
    // upstream: twisted/test/test_internet.py (a failing delayed call is logged, the reactor survives)
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    onTestFinished(() => {
      console.error = original;
    });
    reactor.callLater(0, () => {
      throw new Error('boom');
    });
    let after = false;
    reactor.callLater(5, () => {
      after = true;
    });
    await waitUntil(() => after);
    expect(errors).toHaveLength(1);
  });
});

describe('reactor.listenTCP()', () => {
  it('binds, serves each connection with a protocol from the factory, and stops listening', async () => {
    // upstream: twisted/internet/test/test_tcp.py TCPPortTestsMixin.test_getHostIPv4
    const made: string[] = [];
    class Greeter extends Protocol {
      override connectionMade(): void {
        made.push(this.transport.getPeer().host);
        this.transport.write('hi');
        this.transport.loseConnection();
      }
    }
    const factory = Factory.forProtocol(Greeter);
    const port = await reactor.listenTCP(0, factory).whenListening();
    const host = port.getHost();
    expect(host.host).toBe('127.0.0.1');
    expect(host.port).toBeGreaterThan(0);
    expect(factory.numPorts).toBe(1);
    const socket = await rawClient(host.port);
    const data = await new Promise<string>((resolve) =>
      socket.once('data', (d) => resolve(String(d))),
    );
    expect(data).toBe('hi');
    expect(made).toEqual(['127.0.0.1']);
    await port.stopListening();
    expect(factory.numPorts).toBe(0);
    await expect(rawClient(host.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('reports a port in use as CannotListenError with its code', async () => {
    // upstream: twisted/internet/test/test_tcp.py TCPPortTestsMixin.test_cannotBind
    const busy = await rawServer();
    const port = reactor.listenTCP(busy.port, Factory.forProtocol(Protocol));
    const error = await port.whenListening().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CannotListenError);
    expect(error).toMatchObject({ code: 'EADDRINUSE' });
  });

  it('closes the connection when buildProtocol returns null', async () => {
    // upstream: twisted/internet/test/test_tcp.py (a factory returning None refuses the connection)
    const factory = new (class extends Factory {
      override buildProtocol(): null {
        return null;
      }
    })();
    const port = await reactor.listenTCP(0, factory).whenListening();
    onTestFinished(() => port.stopListening());
    const socket = await rawClient(port.getHost().port);
    await new Promise((resolve) => socket.once('end', resolve));
  });
});

describe('reactor.connectTCP()', () => {
  /** A ClientFactory recording its callbacks. */
  class Recorder extends ClientFactory {
    events: string[] = [];
    failure: Failure | null = null;
    override protocol = Protocol;
    override startedConnecting(): void {
      this.events.push('startedConnecting');
    }
    override clientConnectionFailed(_c: IConnector, reason: Failure): void {
      this.events.push('failed');
      this.failure = reason;
    }
    override clientConnectionLost(_c: IConnector, reason: Failure): void {
      this.events.push('lost');
      this.failure = reason;
    }
  }

  it('calls startedConnecting, then clientConnectionLost after the protocol’s connection ends', async () => {
    // upstream: twisted/internet/test/test_tcp.py TCPClientTestsBase (ClientFactory callbacks)
    const server = await rawServer((s) => s.end());
    const factory = new Recorder();
    reactor.connectTCP('127.0.0.1', server.port, factory);
    expect(factory.events).toEqual(['startedConnecting']);
    await waitUntil(() => factory.events.length === 2);
    expect(factory.events).toEqual(['startedConnecting', 'lost']);
    expect(factory.failure?.check(ConnectionDone)).toBe(ConnectionDone);
    expect(factory.numPorts).toBe(0);
  });

  it('calls clientConnectionFailed with ConnectionRefusedError (ECONNREFUSED)', async () => {
    // upstream: twisted/test/test_tcp.py ConnectorTests / test_connectionRefused
    const factory = new Recorder();
    reactor.connectTCP('127.0.0.1', await freePort(), factory);
    await waitUntil(() => factory.events.length === 2);
    expect(factory.events).toEqual(['startedConnecting', 'failed']);
    expect(factory.failure?.value).toBeInstanceOf(ConnectionRefusedError);
    expect(factory.failure?.value).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stopConnecting() in the same turn fails with UserError and opens no connection', async () => {
    // upstream: twisted/test/test_tcp.py ConnectorTests.test_stopConnecting
    const server = await rawServer();
    const factory = new Recorder();
    const connector = reactor.connectTCP('127.0.0.1', server.port, factory);
    connector.stopConnecting();
    expect(factory.events).toEqual(['startedConnecting', 'failed']);
    expect(factory.failure?.value).toBeInstanceOf(UserError);
    await sleep(50);
    expect(server.accepted()).toBe(0);
  });
});
