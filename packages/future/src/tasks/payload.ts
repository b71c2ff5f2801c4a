/**
 * asyncio-callback model: what one echoClient connection sends, and how it checks what
 * comes back.
 * Contract: `payload(c, m, size)` is deterministic, covers all of 0x00–0xFF and differs
 * for every (connection, message), so a server echoing stale data is caught (SPEC.md T4.1);
 * an `EchoScript` hands out a connection's messages one at a time and compares each
 * chunk of echo with the bytes expected at that offset.
 * Lineage: none upstream; SPEC.md T4.1. Read echo.ts next.
 */

/** The `size` bytes of message `m` on connection `c`. */
export function payload(connection: number, message: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let state = (Math.imul(connection + 1, 0x9e3779b1) ^ Math.imul(message + 1, 0x85ebca6b)) >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** How a chunk of echo compares: a mismatch, a part of the message, or its last bytes. */
export type EchoChunk = 'mismatch' | 'partial' | 'whole';

/** The messages of one connection, sent one at a time, and the echo of the current one. */
export class EchoScript {
  #sent = 0;
  #expected: Uint8Array = new Uint8Array(0);
  #received = 0;

  constructor(
    readonly connection: number,
    readonly messages: number,
    readonly size: number,
  ) {}

  /** The next message to send, or null once every message came back whole. */
  next(): Uint8Array | null {
    if (this.finished()) return null;
    this.#expected = payload(this.connection, this.#sent++, this.size);
    this.#received = 0;
    return this.#expected;
  }

  /** Compares `chunk` with the bytes expected next. */
  take(chunk: Uint8Array): EchoChunk {
    const offset = this.#received;
    if (offset + chunk.length > this.#expected.length) return 'mismatch';
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== this.#expected[offset + i]) return 'mismatch';
    }
    this.#received += chunk.length;
    return this.#received === this.#expected.length ? 'whole' : 'partial';
  }

  /** Every message was sent and its echo came back whole. */
  finished(): boolean {
    return this.#sent === this.messages && this.#received === this.#expected.length;
  }
}
