/**
 * Twisted model — the reactor: a facade over Node's event loop with Twisted's names.
 * `callLater` schedules a cancellable, resettable delayed call; `listenTCP`/`connectTCP` attach
 * Factories to sockets and drive their Protocols through a TCPTransport; `callFromThread` queues a
 * call for the next turn (what a worker thread's result comes back through) and `getThreadPool`
 * is deferToThread's pool. Node runs the loop, so there is no `reactor.run()`.
 * Contract: no argument makes it throw or crash: a bad port or host fails `whenListening()` or the
 * Factory's `clientConnectionFailed`; a delayed call of any length is kept (Node's timers hold
 * at most MAX_TIMER_MS, so a farther one is re-armed), never fired early.
 * Lineage: twisted/internet/base.py (DelayedCall, ReactorBase.callLater) and
 * twisted/internet/tcp.py (Port, Connector).
 * Read next: endpoints.ts.
 */
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { MAX_TIMER_MS } from '@async-rosetta/task-spec';
import type { IDelayedCall, IReactorTime } from './clock.js';
import { Deferred } from './deferred.js';
import { TimeoutError } from './errors.js';
import { Failure } from './failure.js';
import { type IConnector, type IListeningPort, IPv4Address } from './interfaces.js';
import {
  AlreadyCalled,
  AlreadyCancelled,
  CannotListenError,
  connectErrorFor,
  UserError,
} from './internet-errors.js';
import type { ClientFactory, Factory, Protocol } from './protocol.js';
import { TCPTransport } from './tcp-transport.js';
import { ThreadPool } from './threadpool.js';

/**
 * Where the reactor's time comes from: Node's clock and timers by default; a test passes a fake
 * (e.g. one over the package's Clock) to drive far deadlines without waiting for them.
 */
export interface ReactorTimers {
  /** Monotonic milliseconds. */
  now(): number;
  /** Calls `f` once after `ms` (never more than MAX_TIMER_MS); returns a handle for `clear`. */
  set(f: () => void, ms: number): unknown;
  /** Forgets a handle from `set`. */
  clear(handle: unknown): void;
}

const nodeTimers: ReactorTimers = {
  now: () => performance.now(),
  set: (f, ms) => setTimeout(f, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A call scheduled with `reactor.callLater` (Twisted's DelayedCall over setTimeout). */
export class DelayedCall implements IDelayedCall {
  private timer: unknown = null;
  private state: 'pending' | 'called' | 'cancelled' = 'pending';

  constructor(
    private readonly reactor: NodeReactor,
    private time: number,
    private readonly run: () => void,
  ) {
    this.schedule();
  }

  /** When the call will run, in the reactor's `now()` milliseconds. */
  getTime(): number {
    return this.time;
  }

  /** True until it has run or been cancelled. */
  active(): boolean {
    return this.state === 'pending';
  }

  /** Do not run. Throws AlreadyCalled or AlreadyCancelled if it is too late. */
  cancel(): void {
    this.checkPending();
    this.state = 'cancelled';
    this.unschedule();
  }

  /** Run `delayMs` from now instead. */
  reset(delayMs: number): void {
    this.checkPending();
    this.time = this.reactor.now() + delayMs;
    this.schedule();
  }

  /** Run `ms` later than currently planned. */
  delay(ms: number): void {
    this.checkPending();
    this.time += ms;
    this.schedule();
  }

  private checkPending(): void {
    if (this.state === 'called') throw new AlreadyCalled();
    if (this.state === 'cancelled') throw new AlreadyCancelled();
  }

  /**
   * Arms one Node timer toward `time`. Node's timers hold at most MAX_TIMER_MS (about 24.8 days;
   * longer ones fire after 1 ms with a TimeoutOverflowWarning), so a farther call is armed for
   * that long and re-armed when it fires, until its time has come.
   */
  private schedule(): void {
    this.unschedule();
    const left = Math.ceil(this.time - this.reactor.now());
    const wait = left > 0 ? Math.min(left, MAX_TIMER_MS) : 0; // NaN or past: at once
    this.timer = this.reactor.timers.set(() => {
      this.timer = null;
      // Not yet: a far call re-armed, or Node's whole-millisecond clock firing a fraction early.
      if (this.reactor.now() < this.time) {
        this.schedule();
        return;
      }
      this.state = 'called';
      try {
        this.run();
      } catch (err) {
        // Twisted logs an error from a delayed call and keeps the reactor running.
        console.error('Unhandled error in delayed call:', err);
      }
    }, wait);
  }

  private unschedule(): void {
    if (this.timer !== null) this.reactor.timers.clear(this.timer);
    this.timer = null;
  }
}

/** A listening TCP socket (Twisted's tcp.Port). Open connections outlive stopListening. */
export class Port implements IListeningPort {
  private bindState: 'binding' | 'bound' | 'failed' = 'binding';
  private bindError: Error | null = null;
  private stopping: Deferred<void> | null = null;

  constructor(
    private readonly reactor: NodeReactor,
    private readonly server: net.Server,
    private readonly factory: Factory,
    readonly iface: string,
    readonly port: number,
  ) {
    server.once('listening', () => {
      this.bindState = 'bound';
    });
    server.on('error', (err) => this.bindFailed(err));
  }

  /** The bind failed (asynchronously, or at once for a bad argument): whenListening() fails. */
  bindFailed(err: Error): void {
    if (this.bindState !== 'binding') return;
    this.bindState = 'failed';
    this.bindError = new CannotListenError(this.iface, this.port, err);
    this.factory.doStop();
  }

  /**
   * Fires with this port once bound, or fails with CannotListenError (code EADDRINUSE …).
   * Not in Twisted, whose bind is synchronous; Node binds a turn later.
   */
  whenListening(): Deferred<Port> {
    const d = new Deferred<Port>();
    const settle = (): void => {
      if (this.bindState === 'bound') d.callback(this);
      else d.errback(this.bindError);
    };
    if (this.bindState !== 'binding') settle();
    else this.server.once('listening', settle).once('error', settle);
    return d;
  }

  getHost(): IPv4Address {
    const a = this.server.address();
    return typeof a === 'object' && a !== null
      ? new IPv4Address(a.address, a.port)
      : new IPv4Address(this.iface, this.port);
  }

  stopListening(): Deferred<void> {
    if (this.stopping !== null) return this.stopping;
    const d = new Deferred<void>();
    this.stopping = d;
    if (this.bindState === 'bound') {
      this.server.close();
      this.factory.doStop();
    }
    // As Twisted does: the port's connectionLost runs one reactor turn later.
    this.reactor.callLater(0, () => d.callback(undefined));
    return d;
  }
}

/** An outgoing connection attempt and then its connection (Twisted's tcp.Connector). */
export class Connector implements IConnector {
  private transport: TCPTransport | null = null;
  private connecting = true;
  private socket: net.Socket | null = null;
  private readonly timeout: IDelayedCall | null;

  constructor(
    reactor: NodeReactor,
    private readonly destination: IPv4Address,
    private readonly factory: ClientFactory,
    timeoutMs: number,
  ) {
    factory.doStart();
    factory.startedConnecting(this);
    this.timeout =
      timeoutMs > 0
        ? reactor.callLater(timeoutMs, () =>
            this.fail(
              new TimeoutError(`Connecting to ${destination.host}:${destination.port} timed out`),
            ),
          )
        : null;
    // As Twisted, connect on the next turn: stopConnecting() in this one sends nothing.
    process.nextTick(() => {
      if (!this.connecting) return;
      let socket: net.Socket;
      try {
        socket = net.connect({
          host: destination.host,
          port: destination.port,
          allowHalfOpen: true,
        });
      } catch (err) {
        // Node throws at once for a bad port or host (ERR_SOCKET_BAD_PORT …): a failed attempt.
        this.fail(connectErrorFor(err as Error));
        return;
      }
      this.socket = socket;
      socket.once('connect', () => this.connected(socket));
      socket.once('error', (err) => {
        if (this.connecting) this.fail(connectErrorFor(err));
      });
    });
  }

  stopConnecting(): void {
    if (this.connecting) this.fail(new UserError());
  }

  disconnect(): void {
    if (this.connecting) this.stopConnecting();
    else this.transport?.loseConnection();
  }

  getDestination(): IPv4Address {
    return this.destination;
  }

  private connected(socket: net.Socket): void {
    this.connecting = false;
    if (this.timeout?.active()) this.timeout.cancel();
    const protocol = this.factory.buildProtocol(this.destination);
    if (protocol === null) {
      socket.destroy();
      this.factory.doStop();
      return;
    }
    this.transport = new TCPTransport(socket, protocol, {
      onConnectionLost: (reason) => {
        this.factory.clientConnectionLost(this, reason);
        this.factory.doStop();
      },
    });
    startProtocol(protocol, this.transport);
  }

  private fail(reason: Error): void {
    if (!this.connecting) return;
    this.connecting = false;
    if (this.timeout?.active()) this.timeout.cancel();
    this.socket?.destroy();
    this.factory.clientConnectionFailed(this, new Failure(reason));
    this.factory.doStop();
  }
}

/** makeConnection, dropping the connection if connectionMade throws (as Twisted logs and drops). */
function startProtocol(protocol: Protocol, transport: TCPTransport): void {
  try {
    protocol.makeConnection(transport);
  } catch (err) {
    console.error('Unhandled error in connectionMade:', err);
    transport.abortConnection();
  }
}

export interface ListenTCPOptions {
  /** The address to bind (default 127.0.0.1). */
  interface?: string;
  /** The listen backlog (Twisted's default is 50). */
  backlog?: number;
  /** Per-connection `bufferSize` of the transports (default 64 KiB). */
  bufferSize?: number;
}

/**
 * The reactor: time and TCP, over Node's event loop.
 *
 * @example
 * reactor.callLater(100, () => console.log('a tenth of a second later'));
 * const port = reactor.listenTCP(0, Factory.forProtocol(Echo));
 */
export class NodeReactor implements IReactorTime {
  /** @param timers where time comes from: Node's clock and timers unless a test passes a fake. */
  constructor(readonly timers: ReactorTimers = nodeTimers) {}

  /** Monotonic milliseconds. */
  now(): number {
    return this.timers.now();
  }

  /** Run `f(...args)` after `delayMs` milliseconds; returns the cancellable call. */
  callLater<A extends unknown[]>(
    delayMs: number,
    f: (...args: A) => void,
    ...args: A
  ): IDelayedCall {
    return new DelayedCall(this, this.now() + delayMs, () => f(...args));
  }

  /**
   * Listen on `port` (0: any free port) and serve each connection with a protocol
   * from `factory`. Twisted binds before listenTCP returns; Node binds a turn later,
   * so `getHost()` is exact (and a bind failure known) once `whenListening()` fires —
   * or use TCP4ServerEndpoint, whose `listen` Deferred waits for that.
   */
  listenTCP(port: number, factory: Factory, options: ListenTCPOptions = {}): Port {
    const iface = options.interface ?? '127.0.0.1';
    const server = net.createServer({ allowHalfOpen: true });
    const listening = new Port(this, server, factory, iface, port);
    server.on('connection', (socket) => {
      const peer = new IPv4Address(socket.remoteAddress ?? '', socket.remotePort ?? 0);
      const protocol = factory.buildProtocol(peer);
      if (protocol === null) {
        socket.destroy();
        return;
      }
      const transport = new TCPTransport(socket, protocol, { bufferSize: options.bufferSize });
      startProtocol(protocol, transport);
    });
    factory.doStart();
    try {
      server.listen({ port, host: iface, backlog: options.backlog ?? 50 });
    } catch (err) {
      // Node throws at once for a bad port (ERR_SOCKET_BAD_PORT …): whenListening() fails with it.
      listening.bindFailed(err as Error);
    }
    return listening;
  }

  /**
   * Connect to `host:port`; `factory` hears startedConnecting, then either
   * clientConnectionFailed or (after its protocol's connectionLost) clientConnectionLost.
   */
  connectTCP(host: string, port: number, factory: ClientFactory, timeoutMs = 30_000): IConnector {
    return new Connector(this, new IPv4Address(host, port), factory, timeoutMs);
  }

  // ── threads (twisted/internet/base.py ReactorBase: callFromThread, getThreadPool) ──
  private threadCallQueue: (() => void)[] = [];
  private threadpool: ThreadPool | null = null;

  /**
   * Run `f(...args)` on the reactor's thread at its next turn (a `setImmediate`), never at
   * once: calls run FIFO, those queued while the queue runs wait for the turn after, and an
   * error is logged without stopping the others. What a worker thread's result or report
   * comes back through (threads.ts).
   */
  callFromThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    this.threadCallQueue.push(() => f(...args));
    if (this.threadCallQueue.length === 1) setImmediate(() => this.runThreadCalls());
  }

  /** The reactor's own pool of worker threads, started on first use (deferToThread's). */
  getThreadPool(): ThreadPool {
    if (this.threadpool === null) {
      this.threadpool = new ThreadPool(0, 10);
      this.threadpool.start();
    }
    return this.threadpool;
  }

  private runThreadCalls(): void {
    const calls = this.threadCallQueue;
    this.threadCallQueue = [];
    for (const call of calls) {
      try {
        call();
      } catch (err) {
        console.error('Unhandled error in callFromThread:', err);
      }
    }
  }
}

/** What endpoints need from a reactor (Twisted's IReactorTCP). */
export type IReactorTCP = Pick<NodeReactor, 'listenTCP' | 'connectTCP'>;

/** The process-wide reactor. */
export const reactor = new NodeReactor();
