/**
 * asyncio-callback model: the echo server's bookkeeping, shared by its connections.
 * Contract: holds the per-connection high-water mark, counts what SPEC.md T3.6 asks of
 * close() (connections accepted, bytes echoed, the largest pending output of one
 * connection), and says when the server is ending, so no connection echoes after it
 * sent its EOF.
 * Lineage: none upstream; SPEC.md T3.4, T3.6. Read echo.ts next.
 */
import { DEFAULT_HIGH_WATER_MARK, type EchoServerStats } from '@async-rosetta/task-spec';

/** The counters and settings of one echo server, and whether it is closing. */
export class EchoLedger {
  readonly #stats: EchoServerStats = { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };
  /** Set by close(): every connection has been (or is being) sent our EOF. */
  ending = false;

  constructor(readonly highWaterMark = DEFAULT_HIGH_WATER_MARK) {}

  accepted(): void {
    this.#stats.connections++;
  }

  /** `bytes` were written back, leaving `pending` bytes in that connection's buffer. */
  echoed(bytes: number, pending: number): void {
    this.#stats.bytesEchoed += bytes;
    this.#stats.peakBufferedBytes = Math.max(this.#stats.peakBufferedBytes, pending);
  }

  snapshot(): EchoServerStats {
    return { ...this.#stats };
  }
}
