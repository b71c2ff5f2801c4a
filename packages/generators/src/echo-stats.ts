/**
 * Generator trampoline model: the counters serveEcho keeps.
 * Contract: connections accepted, bytes echoed, and the largest pending output of any
 * one connection; `snapshot()` is what close() completes with.
 * Lineage: SPEC.md T3.6. Read tasks/echo.ts next.
 */
import type { EchoServerStats } from '@async-rosetta/task-spec';

/** serveEcho's running totals. */
export class EchoStats {
  #stats: EchoServerStats = { connections: 0, bytesEchoed: 0, peakBufferedBytes: 0 };

  /** A connection was accepted. */
  accepted(): void {
    this.#stats.connections++;
  }

  /** `n` bytes were written back; `buffered` bytes are now pending on that connection. */
  echoed(n: number, buffered: number): void {
    this.#stats.bytesEchoed += n;
    this.#stats.peakBufferedBytes = Math.max(this.#stats.peakBufferedBytes, buffered);
  }

  snapshot(): EchoServerStats {
    return { ...this.#stats };
  }
}
