// Deferreds — the semantic tests of the reactor facade: delayed calls over Node's timers (far
// ones re-armed within Node's limit), listenTCP and connectTCP with their Factory callbacks, and
// bad arguments failing through the Factory or the Deferred instead of throwing.
// Contract: src/reactor.ts. Lineage: twisted/test/test_internet.py (TimeTests),
// twisted/internet/test/test_tcp.py (TCPPortTestsMixin) and twisted/test/test_tcp.py.
// Read next: protocol.test.ts.
import { MAX_TIMER_MS } from '@async-rosetta/task-spec';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  AlreadyCalled,
  AlreadyCancelled,
  CannotListenError,
  ClientFactory,
  Clock,
  ConnectError,
  ConnectionDone,
  ConnectionRefusedError,
  Deferred,
  Factory,
  type Failure,
  type IConnector,
  type IDelayedCall,
  InvalidStateError,
  NodeReactor,
  Protocol,
  reactor,
  TCP4ClientEndpoint,
  TCP4ServerEndpoint,
  TimeoutError,
  UserError,
} from '../src/index.js';
import { freePort, rawClient, rawServer, waitUntil } from './net-support.js';

/**
 * A NodeReactor whose time is the package's Clock: `armed` holds every Node timer it set, in
 * order, and `delays` how long each was set for.
 */
function clockReactor(): {
  clock: Clock;
  armed: IDelayedCall[];
  delays: number[];
  reactor: NodeReactor;
} {
  const clock = new Clock();
  const armed: IDelayedCall[] = [];
  const delays: number[] = [];
  const fake = new NodeReactor({
    now: () => clock.now(),
    set: (f, ms) => {
      const timer = clock.callLater(ms, f);
      armed.push(timer);
      delays.push(ms);
      return timer;
    },
    clear: (timer) => (timer as IDelayedCall).cancel(),
  });
  return { clock, armed, delays, reactor: fake };
}

describe('reactor.callLater()', () => {
  it('runs the function with its arguments after the delay', async () => {
    // upstream: twisted/test/test_internet.py TimeTests.test_callLater
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

  it('does not run a cancelled call, and clears its Node timer', () => {
    // upstream: twisted/test/test_internet.py TimeTests.test_cancelDelayedCall
    const { clock, armed, reactor } = clockReactor();
    let ran = false;
    const call = reactor.callLater(5, () => {
      ran = true;
    });
    call.cancel();
    expect(call.active()).toBe(false);
    expect(armed.filter((timer) => timer.active())).toEqual([]);
    clock.advance(10);
    expect(ran).toBe(false);
  });

  it('arms Node timers of at most MAX_TIMER_MS and re-arms them until a far call is due (2^32 + 5 ms)', () => {
    // upstream: none (Node's setTimeout holds at most 2^31 − 1 ms, after which it fires in 1 ms
    // with a TimeoutOverflowWarning; Twisted's reactor computes its select() timeout from the next
    // DelayedCall and has no such limit). comparisons/SPEC.md "Arguments": far deadlines are honoured.
    const { clock, armed, reactor } = clockReactor();
    let ran = 0;
    reactor.callLater(2 ** 32 + 5, () => ran++);
    expect(armed.map((t) => t.getTime())).toEqual([MAX_TIMER_MS]);
    clock.advance(MAX_TIMER_MS);
    expect(ran).toBe(0);
    clock.advance(MAX_TIMER_MS);
    expect(ran).toBe(0);
    expect(armed.map((t) => t.getTime())).toEqual([MAX_TIMER_MS, 2 * MAX_TIMER_MS, 2 ** 32 + 5]);
    clock.advance(2 ** 32 + 5 - 2 * MAX_TIMER_MS - 1);
    expect(ran).toBe(0); // not a millisecond early …
    clock.advance(1);
    expect(ran).toBe(1); // … nor late
    expect(armed).toHaveLength(3);
  });

  it('runs a call of any delay exactly when due: never a timer over MAX_TIMER_MS, never early or late', () => {
    // upstream: none (Node's timer limit, as above); fast-check draws delays across the limit
    const delay = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.constantFrom(0, 1, MAX_TIMER_MS - 1, MAX_TIMER_MS, MAX_TIMER_MS + 1, 2 ** 32 + 5),
      fc.double({ min: 0, max: 2 ** 34, noNaN: true }),
    );
    fc.assert(
      fc.property(delay, (ms) => {
        const { clock, delays, reactor } = clockReactor();
        const ranAt: number[] = [];
        reactor.callLater(ms, () => ranAt.push(clock.now()));
        const due = Math.ceil(ms); // Node's timers count whole milliseconds
        while (clock.now() + MAX_TIMER_MS < due) clock.advance(MAX_TIMER_MS);
        if (due > clock.now()) clock.advance(due - clock.now() - 1);
        if (ms > clock.now()) expect(ranAt).toEqual([]); // not before its time …
        clock.advance(1);
        expect(ranAt).toHaveLength(1); // … and once it has come, at once
        expect(ranAt[0]).toBeGreaterThanOrEqual(ms);
        expect(ranAt[0]).toBeLessThanOrEqual(due + 1);
        expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps 2^53 ms and Infinity calls pending, one timer of MAX_TIMER_MS at a time', () => {
    // upstream: none (Node's timer limit, as above)
    const { clock, armed, reactor } = clockReactor();
    let ran = 0;
    reactor.callLater(2 ** 53, () => ran++);
    reactor.callLater(Number.POSITIVE_INFINITY, () => ran++);
    for (let i = 0; i < 5; i++) clock.advance(MAX_TIMER_MS);
    expect(ran).toBe(0);
    expect(armed).toHaveLength(12); // two calls, armed once and re-armed five times each
    expect(armed.filter((t) => t.active())).toHaveLength(2);
  });

  it("honours a Deferred's addTimeout of 2^31 ms: not at once, not early, then ETIMEDOUT", () => {
    // upstream: twisted/test/test_defer.py DeferredAddTimeoutTests.test_timedOut, with a delay past Node's limit
    const { clock, reactor } = clockReactor();
    const d = new Deferred<void>().addTimeout(2 ** 31, reactor);
    let error: unknown;
    d.addErrback((f) => {
      error = f.value;
    });
    clock.advance(MAX_TIMER_MS);
    expect(error).toBeUndefined();
    clock.advance(1);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('emits no TimeoutOverflowWarning for a far call on the real reactor', async () => {
    // upstream: none (Node's timer limit, as above)
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const call = reactor.callLater(2 ** 53, () => {});
    try {
      // Node reports the warning on the next tick; the immediate runs after it.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      call.cancel();
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    expect(call.active()).toBe(false);
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
    // upstream: twisted/test/test_internet.py TimeTests.test_callLaterReset
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
    // upstream: twisted/internet/test/test_tcp.py TCPPortTestsMixin.test_portGetHostOnIPv4
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
    // upstream: twisted/test/test_tcp.py CannotBindTests.test_cannotBind
    const busy = await rawServer();
    const port = reactor.listenTCP(busy.port, Factory.forProtocol(Protocol));
    const error = await port.whenListening().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CannotListenError);
    expect(error).toMatchObject({ code: 'EADDRINUSE' });
  });

  it.each([70_000, -1, 1.5, Number.NaN])(
    'fails whenListening() with CannotListenError for port %s instead of throwing',
    async (bad) => {
      // upstream: twisted/internet/test/test_tcp.py TCPPortTestsMixin (a bad port raises at
      // listenTCP there; here every bind failure arrives through the Deferred)
      const factory = Factory.forProtocol(Protocol);
      const port = reactor.listenTCP(bad, factory);
      const error = await port.whenListening().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CannotListenError);
      expect(error).toMatchObject({ code: 'ERR_SOCKET_BAD_PORT' });
      expect(factory.numPorts).toBe(0);
      const viaEndpoint = new TCP4ServerEndpoint(reactor, bad).listen(factory);
      await expect(viaEndpoint).rejects.toBeInstanceOf(CannotListenError);
    },
  );

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
    // upstream: twisted/test/test_tcp.py LoopbackTests.test_connectionRefusedErrorNumber
    const factory = new Recorder();
    reactor.connectTCP('127.0.0.1', await freePort(), factory);
    await waitUntil(() => factory.events.length === 2);
    expect(factory.events).toEqual(['startedConnecting', 'failed']);
    expect(factory.failure?.value).toBeInstanceOf(ConnectionRefusedError);
    expect(factory.failure?.value).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('stopConnecting() in the same turn fails with UserError and opens no connection', async () => {
    // upstream: none found; twisted/internet/tcp.py BaseClient.stopConnecting (fails the attempt with UserError)
    const server = await rawServer();
    const factory = new Recorder();
    const connector = reactor.connectTCP('127.0.0.1', server.port, factory);
    connector.stopConnecting();
    expect(factory.events).toEqual(['startedConnecting', 'failed']);
    expect(factory.failure?.value).toBeInstanceOf(UserError);
    // A connection made after it is accepted; had the stopped attempt connected, it would be too.
    const barrier = await rawClient(server.port);
    await waitUntil(() => server.sockets.some((s) => s.remotePort === barrier.localPort));
    expect(server.accepted()).toBe(1);
    barrier.destroy();
  });

  it.each([70_000, 0, -1])(
    'calls clientConnectionFailed for port %s instead of throwing, and an endpoint fails its Deferred',
    async (bad) => {
      // upstream: twisted/test/test_tcp.py LoopbackTests.test_connectionRefusedErrorNumber (a failed attempt
      // reaches clientConnectionFailed); Node throws ERR_SOCKET_BAD_PORT from net.connect, on a later tick
      const factory = new Recorder();
      reactor.connectTCP('127.0.0.1', bad, factory);
      await waitUntil(() => factory.events.length === 2);
      expect(factory.events).toEqual(['startedConnecting', 'failed']);
      expect(factory.failure?.value).toBeInstanceOf(ConnectError);
      expect(factory.numPorts).toBe(0);
      const endpoint = new TCP4ClientEndpoint(reactor, '127.0.0.1', bad);
      await expect(endpoint.connect(Factory.forProtocol(Protocol))).rejects.toBeInstanceOf(
        ConnectError,
      );
    },
  );
});
