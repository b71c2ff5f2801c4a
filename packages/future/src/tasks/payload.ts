/**
 * asyncio-callback model: the bytes echoClient sends.
 * Contract: `payload(c, m, size)` is deterministic, covers all of 0x00–0xFF and differs
 * for every (connection, message), so a server echoing stale data is caught (SPEC.md T4.1).
 * Lineage: none upstream. Read echo.ts next.
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
