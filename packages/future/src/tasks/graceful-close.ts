/**
 * asyncio-callback model: closing the echo server gracefully.
 * Contract: `closeGracefully(server, ledger, graceMs)` stops accepting, marks the ledger
 * ending and sends EOF on every open connection (each then closes when its client ends
 * too), aborts those still open after `graceMs`, and returns a Future that gets the
 * ledger's stats once the last connection is lost.
 * Lineage: asyncio's `Server.close()` + `wait_closed()`, with 3.13's `abort_clients()` as
 * the deadline (Lib/asyncio/base_events.py). Read echo.ts next.
 */
import { DEFAULT_GRACE_MS, type EchoServerStats } from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import type { Server } from '../net/server.js';
import type { EchoLedger } from './echo-stats.js';

/** Ends `server` and its connections; stragglers are aborted after `graceMs`. */
export function closeGracefully(
  server: Server,
  ledger: EchoLedger,
  graceMs = DEFAULT_GRACE_MS,
): Future<EchoServerStats> {
  const stats = server.getLoop().createFuture<EchoServerStats>();
  server.close();
  ledger.ending = true;
  for (const transport of server.transports()) transport.writeEof();
  const grace = server.getLoop().callLater(graceMs, () => server.abortClients());
  server.waitClosed().addDoneCallback(() => {
    grace.cancel();
    stats.setResult(ledger.snapshot());
  });
  return stats;
}
