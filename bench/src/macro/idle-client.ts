/**
 * The client side of the idle-connections suite: opens many connections in
 * batches (so no server's accept backlog overflows), does one 1-byte
 * echo on each so the server has surely set the connection up, then leaves
 * them idle. Stops early, and says why, when the OS refuses more (EMFILE,
 * EADDRNOTAVAIL, …). Read idle.ts next.
 */
import { connect, type Socket } from 'node:net';

/**
 * Connections opened at once: under the smallest listen backlog of any server (the deferred
 * model listens with Twisted's default of 50), so no SYN is dropped and retried a second later.
 */
export const BATCH = 40;

/** One connection with one round trip of one byte. */
function openOne(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        Object.assign(new Error('connect + 1-byte echo took over 10 s'), { code: 'ETIMEDOUT' }),
      );
    }, 10_000);
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    });
    socket.once('connect', () => socket.write('x'));
    socket.once('data', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

/** Opens up to `count` connections; on the first refusal stops and reports it. */
export async function openIdleConnections(
  host: string,
  port: number,
  count: number,
): Promise<{ sockets: Socket[]; error: string | null }> {
  const sockets: Socket[] = [];
  while (sockets.length < count) {
    const n = Math.min(BATCH, count - sockets.length);
    const batch = await Promise.allSettled(Array.from({ length: n }, () => openOne(host, port)));
    for (const r of batch) if (r.status === 'fulfilled') sockets.push(r.value);
    const refused = batch.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) {
      const e = refused.reason as { code?: string; message?: string };
      return { sockets, error: `${e.code ?? 'error'}: ${e.message ?? e}` };
    }
  }
  return { sockets, error: null };
}
