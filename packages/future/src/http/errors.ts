/**
 * asyncio-callback model: how the HTTP client names what went wrong.
 * Contract: every failure becomes an Error with a comparisons/SPEC.md `code`:
 * Node's HTTP parser errors (HPE_*) → EPROTO, except HPE_HEADER_OVERFLOW → ETOOLARGE;
 * Node's socket codes (ECONNREFUSED, ECONNRESET, ENOTFOUND, …) pass through.
 * Lineage: none upstream (asyncio has no HTTP client); SPEC.md's error vocabulary.
 * Read http/client.ts next.
 */
import { NetError } from '../net/net-error.js';

/** The error of a failed exchange, as SPEC.md names it. */
export function httpError(err: unknown): Error {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && code.startsWith('HPE_')) {
    const mapped = code === 'HPE_HEADER_OVERFLOW' ? 'ETOOLARGE' : 'EPROTO';
    return new NetError(mapped, `malformed response: ${message} (${code})`, { cause: err });
  }
  if (err instanceof Error && typeof code === 'string') return err;
  return new NetError('ECONNRESET', message, { cause: err });
}

/** A bad argument (EINVAL). */
export function invalidArgument(message: string, cause?: unknown): NetError {
  return new NetError('EINVAL', message, { cause });
}

/** A body or header block over its limit (ETOOLARGE). */
export function tooLarge(message: string): NetError {
  return new NetError('ETOOLARGE', message);
}

/** `url` as an http:/https: URL, or the EINVAL error saying why not. */
export function parseHttpUrl(url: string): URL | NetError {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    return invalidArgument(`not a URL: ${JSON.stringify(url)}`, err);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return invalidArgument(`unsupported scheme ${parsed.protocol} in ${url}`);
  }
  return parsed;
}
