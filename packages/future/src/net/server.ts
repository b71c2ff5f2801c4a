/**
 * asyncio-callback model: a listening TCP server that gives every accepted
 * connection a fresh Protocol and a SocketTransport.
 * Contract: `createServer(loop, protocolFactory, host, port)` → Future<Server>, done
 * once the socket listens (or with the listen error, e.g. EADDRINUSE); cancelling it
 * before then closes the listener.
 * Lineage: asyncio's `loop.create_server()` and `Server` (Lib/asyncio/base_events.py,
 * selector_events.py `_accept_connection`). Read net/connect.ts next.
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import type { Protocol } from './protocols.js';
import {
  type SocketTransport,
  type Transport,
  type TransportOwner,
  wireProtocol,
} from './transport.js';

/**
 * A TCP server made by `loop.createServer` (asyncio's `Server`). `close()` stops
 * listening but leaves the open connections alone; `waitClosed()` is done when the
 * server is closed and its last connection is lost.
 */
export class Server implements TransportOwner {
  readonly #loop: EventLoop;
  #listener: NetServer | null;
  readonly #address: { host: string; port: number };
  readonly #transports = new Set<SocketTransport>();
  /** Waiters of waitClosed(); null once the server is closed and every connection lost. */
  #waiters: Future<void>[] | null = [];

  /** @internal made by createServer once `listener` listens. */
  constructor(loop: EventLoop, listener: NetServer) {
    this.#loop = loop;
    this.#listener = listener;
    const a = listener.address();
    this.#address =
      a !== null && typeof a === 'object'
        ? { host: a.address, port: a.port }
        : { host: String(a), port: 0 };
  }

  getLoop(): EventLoop {
    return this.#loop;
  }

  /** Where it listens, with the real port when asked for port 0. */
  address(): { host: string; port: number } {
    return { ...this.#address };
  }

  /** The listening sockets (asyncio's `Server.sockets`): one, or none once closed. */
  sockets(): readonly NetServer[] {
    return this.#listener === null ? [] : [this.#listener];
  }

  /** The transports of the connections still open. */
  transports(): readonly Transport[] {
    return [...this.#transports];
  }

  isServing(): boolean {
    return this.#listener !== null;
  }

  /** Stops accepting; open connections go on (close them with `closeClients()`). Idempotent. */
  close(): void {
    const listener = this.#listener;
    if (listener === null) return;
    this.#listener = null;
    listener.close();
    if (this.#transports.size === 0) this.#wakeup();
  }

  /** `close()` on every open transport (asyncio 3.13's `close_clients`). */
  closeClients(): void {
    for (const t of this.transports()) t.close();
  }

  /** `abort()` on every open transport (asyncio 3.13's `abort_clients`). */
  abortClients(): void {
    for (const t of this.transports()) t.abort();
  }

  /** A Future done when the server is closed and its last connection lost. */
  waitClosed(): Future<void> {
    const waiter = this.#loop.createFuture<void>();
    if (this.#waiters === null) waiter.setResult(undefined);
    else this.#waiters.push(waiter);
    return waiter;
  }

  /** @internal a new connection: asyncio's `_accept_connection2`. */
  accept(socket: Socket, protocolFactory: () => Protocol): void {
    if (this.#listener === null) {
      socket.destroy();
      return;
    }
    const wired = wireProtocol(this.#loop, socket, protocolFactory, { server: this }, (exc) =>
      this.#loop.callExceptionHandler({
        message: 'Error on transport creation for incoming connection',
        exception: exc,
      }),
    );
    if (wired !== null) this.#transports.add(wired[0]);
  }

  /** @internal a transport of ours lost its connection. */
  detach(transport: SocketTransport): void {
    this.#transports.delete(transport);
    if (this.#transports.size === 0 && this.#listener === null) this.#wakeup();
  }

  #wakeup(): void {
    const waiters = this.#waiters;
    this.#waiters = null;
    for (const w of waiters ?? []) if (!w.done()) w.setResult(undefined);
  }
}

/**
 * Listens on `host:port` (port 0: any free port) and calls `protocolFactory()` for
 * every accepted connection.
 *
 * @example
 * createServer(loop, () => new EchoProtocol(), '127.0.0.1', 0).addDoneCallback((f) => {
 *   console.log('listening on', f.result().address().port);
 * });
 */
export function createServer(
  loop: EventLoop,
  protocolFactory: () => Protocol,
  host: string,
  port: number,
): Future<Server> {
  const future = loop.createFuture<Server>();
  let server: Server | null = null;
  // allowHalfOpen: the Protocol's eofReceived decides; pauseOnConnect: nothing is read before connectionMade.
  const listener = createNetServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) =>
    server === null ? socket.destroy() : server.accept(socket, protocolFactory),
  );
  listener.on('error', (err) => {
    if (server === null) {
      if (!future.done()) future.setException(err);
      return;
    }
    loop.callExceptionHandler({ message: 'socket.accept() failed', exception: err });
  });
  listener.listen({ host, port }, () => {
    if (future.done()) {
      listener.close();
      return;
    }
    server = new Server(loop, listener);
    future.setResult(server);
  });
  future.addDoneCallback((f) => {
    if (f.cancelled()) listener.close();
  });
  return future;
}
