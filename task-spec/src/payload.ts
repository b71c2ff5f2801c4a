/**
 * What an echoClient connection sends, written once for every model: message `m` of
 * connection `c` is `size` deterministic bytes.
 * Contract (comparisons/SPEC.md T4.1): two messages of one connection differ in their first
 * min(size, 4) bytes unless they are a multiple of 256^min(size, 4) messages apart, so a
 * server that echoes stale data is caught; the rest of each message is a stream seeded by
 * (connection, message); over a few hundred bytes every value 0x00–0xFF occurs. Lineage: none upstream; an xorshift32 stream (Marsaglia 2003).
 * Read options.ts next.
 */

/** The `size` bytes of message `message` on connection `connection`. */
export function payload(connection: number, message: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  // The first four bytes are the message number (little-endian, mod 2^32) mixed with the
  // connection, so consecutive messages always differ; the rest is an xorshift32 stream
  // seeded by both (`| 1` keeps it away from the fixed point 0).
  const head = (message ^ Math.imul(connection, 0x9e3779b1)) >>> 0;
  let x = (Math.imul(connection + 1, 0x85ebca77) ^ Math.imul(message + 1, 0xc2b2ae3d)) | 1;
  for (let i = 0; i < size; i++) {
    if (i < 4) {
      bytes[i] = (head >>> (8 * i)) & 0xff;
      continue;
    }
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Whether `echo` equals `expected` byte for byte. */
export function sameBytes(expected: Uint8Array, echo: Uint8Array): boolean {
  return Buffer.from(expected.buffer, expected.byteOffset, expected.length).equals(echo);
}
