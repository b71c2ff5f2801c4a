/**
 * asyncio-callback model: how the HTTP client names what went wrong.
 * Contract: every failure becomes an Error with a comparisons/SPEC.md `code`:
 * Node's HTTP parser errors (HPE_*) → EPROTO, except HPE_HEADER_OVERFLOW → ETOOLARGE;
 * Node's socket codes (ECONNREFUSED, ECONNRESET, ENOTFOUND, …) pass through.
 * Lineage: none upstream (asyncio has no HTTP client); SPEC.md's error vocabulary.
 * Read http/client.ts next.
 */
import { TaskError } from '@async-rosetta/task-spec';

/** The error of a failed exchange, as SPEC.md names it. */
export function httpError(err: unknown): Error {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string' && code.startsWith('HPE_')) {
    const mapped = code === 'HPE_HEADER_OVERFLOW' ? 'ETOOLARGE' : 'EPROTO';
    return new TaskError(mapped, `malformed response: ${message} (${code})`, { cause: err });
  }
  if (err instanceof Error && typeof code === 'string') return err;
  return new TaskError('ECONNRESET', message, { cause: err });
}

/** A bad argument (EINVAL). */
export function invalidArgument(message: string, cause?: unknown): TaskError {
  return new TaskError('EINVAL', message, { cause });
}

/** `url` as an http:/https: URL, or the EINVAL error saying why not. */
export function parseHttpUrl(url: string): URL | TaskError {
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
