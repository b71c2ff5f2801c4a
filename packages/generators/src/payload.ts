/**
 * Generator trampoline model: the echo client's payloads and their check.
 * Contract: message `m` of connection `c` is `size` deterministic bytes that differ
 * between messages; a different echo is an EPROTO error.
 * Lineage: SPEC.md T4.1. Read tasks/echo.ts next.
 */

/** A mismatching echo (SPEC.md: EPROTO). */
export class EchoMismatchError extends Error {
  override name = 'EchoMismatchError';
  readonly code = 'EPROTO';
}

/** The payload of message `m` on connection `c`: `size` bytes, covering 0x00–0xFF. */
export function echoPayload(c: number, m: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const seed = (c * 7919 + m * 104_729) >>> 0;
  for (let i = 0; i < size; i++) bytes[i] = (seed + i * 31 + (i >>> 8)) & 0xff;
  return bytes;
}

/** Throws EchoMismatchError unless `echo` equals `sent`. */
export function checkEcho(sent: Uint8Array, echo: Uint8Array, c: number, m: number): void {
  if (!Buffer.from(sent.buffer, sent.byteOffset, sent.length).equals(echo)) {
    throw new EchoMismatchError(
      `connection ${c}, message ${m}: the echo differs from what was sent`,
    );
  }
}
