/**
 * asyncio-callback model: the error the networking layer and the tasks report for
 * failures that Node does not already name (EPROTO, ETOOLARGE, EINVAL, ECONNRESET).
 * Contract: an Error with `name` 'NetError' and a `code` from comparisons/SPEC.md;
 * it is set on a Future, never thrown at the caller.
 * Lineage: asyncio raises OSError subclasses with an errno; this is the same idea
 * with SPEC.md's string codes. Read net/transport.ts next.
 */

/** A network or argument failure with a SPEC.md `code`. */
export class NetError extends Error {
  override name = 'NetError';
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
