/**
 * asyncio-callback model: open a TCP connection and hand it to a fresh Protocol.
 * Contract: `createConnection(loop, protocolFactory, host, port)` → Future<[Transport,
 * Protocol]>, done once `connectionMade` has run; the connect starts in the loop's next
 * iteration (as asyncio's coroutine would); a refused connection sets an Error
 * with code ECONNREFUSED; cancelling the Future aborts the attempt at once (the socket,
 * or the transport already made).
 * Lineage: asyncio's `loop.create_connection()` (Lib/asyncio/base_events.py,
 * `_create_connection_transport`). Read http/client.ts next.
 */
import { connect as connectSocket } from 'node:net';
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import type { Protocol } from './protocols.js';
import { resourceFuture } from './resource-future.js';
import { type Transport, wireProtocol } from './transport.js';

/**
 * Connects to `host:port`, then calls `protocolFactory()` and wires the two.
 *
 * @example
 * loop.createConnection(() => new Hello(), '127.0.0.1', port).addDoneCallback((f) => {
 *   const [transport] = f.result();
 *   transport.write('hi');
 * });
 */
export function createConnection<P extends Protocol>(
  loop: EventLoop,
  protocolFactory: () => P,
  host: string,
  port: number,
): Future<[Transport, P]> {
  const future = resourceFuture<[Transport, P]>(loop);
  // Started in the loop's next iteration, as asyncio's coroutine is: a cancel first means no connect.
  loop.callSoon(() => {
    if (future.done()) return;
    const socket = connectSocket({ host, port, allowHalfOpen: true });
    future.release = () => socket.destroy();
    const onConnectError = (err: Error): void => {
      if (!future.done()) future.setException(err);
    };
    socket.on('error', onConnectError);
    socket.once('connect', () => {
      socket.off('error', onConnectError);
      if (future.done()) {
        socket.destroy();
        return;
      }
      const waiter = loop.createFuture<void>();
      const wired = wireProtocol(loop, socket, protocolFactory, { waiter }, (exc) =>
        future.setException(exc),
      );
      if (wired === null) return;
      future.release = () => wired[0].abort();
      waiter.addDoneCallback(() => {
        if (!future.done()) future.setResult(wired);
      });
    });
  });
  return future;
}
