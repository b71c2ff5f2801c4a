/**
 * async/await model — the echo client's payloads: message `m` on connection `c`
 * is `size` deterministic bytes that differ from one message to the next, so an
 * echo server that answers with stale data is caught (SPEC.md T4.1).
 * Read src/byte-reader.ts next.
 */

/**
 * The payload of message `message` on connection `connection`: an xorshift32
 * stream seeded by both, covering all byte values.
 *
 * @example
 * socket.write(payload(0, 0, 1024));
 */
export function payload(connection: number, message: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  // Seed mixes both indices (odd multipliers, so distinct pairs give distinct seeds
  // for realistic counts); `| 1` keeps xorshift away from its fixed point 0.
  let x = (Math.imul(connection + 1, 0x9e3779b1) ^ Math.imul(message + 1, 0x85ebca77)) | 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
