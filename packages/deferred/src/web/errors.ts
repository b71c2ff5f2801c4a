/**
 * Twisted model — the HTTP client's errors and body-end reasons. A body protocol's
 * connectionLost gets ResponseDone (complete), PotentialDataLoss (the body ended with the
 * connection, so completeness cannot be known) or ResponseFailed; a request that failed before
 * any response fails with ResponseNeverReceived.
 * Contract: each carries the comparisons/SPEC.md `code` of its first reason (HPE_* → EPROTO,
 * HPE_HEADER_OVERFLOW → ETOOLARGE, a lost connection → ECONNRESET; a bad URI or scheme → EINVAL).
 * Lineage: twisted/web/_newclient.py (ResponseDone, ResponseFailed, ResponseNeverReceived,
 * RequestGenerationFailed, ParseError), twisted/web/http.py (PotentialDataLoss),
 * twisted/web/client.py (PartialDownloadError), twisted/web/error.py (SchemeNotSupported);
 * InvalidURI is this package's.
 * Read next: agent.ts.
 */
import { Failure } from '../failure.js';

type WithCode = { code?: unknown };

function codeOf(reasons: readonly Failure[]): string | undefined {
  const code = (reasons[0]?.value as WithCode | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An HTTP client error: `name` set, `code` from SPEC.md where one applies. */
export class WebError extends Error {
  code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The body was delivered completely. */
export class ResponseDone extends WebError {
  constructor() {
    super('Response body fully received');
  }
}

/** The body ended when the connection closed (no Content-Length, not chunked): it may be cut short. */
export class PotentialDataLoss extends WebError {
  constructor() {
    super('Response body ended with the connection; it may be incomplete');
  }
}

/** Failures with the reasons that caused them; `code` is the first reason's. */
class ReasonsError extends WebError {
  constructor(
    readonly reasons: Failure[],
    what: string,
  ) {
    super(`${what}: ${reasons.map((r) => r.getErrorMessage()).join('; ')}`, codeOf(reasons));
  }
}

/** The response (status, headers or body) failed part-way. */
export class ResponseFailed extends ReasonsError {
  constructor(reasons: Failure[]) {
    super(reasons, 'Response failed');
  }
}

/** The connection ended before a single byte of response arrived. */
export class ResponseNeverReceived extends ReasonsError {
  constructor(reasons: Failure[]) {
    super(reasons, 'Response never received');
  }
}

/** The request could not be built or sent (e.g. an invalid header): code EINVAL. */
export class RequestGenerationFailed extends ReasonsError {
  constructor(reasons: Failure[]) {
    super(reasons, 'Request generation failed');
    this.code = 'EINVAL';
  }
}

/** The response could not be parsed: code EPROTO, or ETOOLARGE for a header block over the limit. */
export class ParseError extends WebError {}

/** The URL's scheme is not http: or https: (code EINVAL). */
export class SchemeNotSupported extends WebError {
  constructor(scheme: string) {
    super(`Unsupported scheme: ${scheme}`, 'EINVAL');
  }
}

/** The URL could not be parsed (code EINVAL). */
export class InvalidURI extends WebError {
  constructor(uri: string) {
    super(`Invalid URI: ${JSON.stringify(uri)}`, 'EINVAL');
  }
}

/** readBody's body ended with the connection (PotentialDataLoss); `response` holds the bytes read. */
export class PartialDownloadError extends WebError {
  constructor(
    readonly status: number,
    readonly phrase: string,
    readonly response: Uint8Array,
  ) {
    super(`${status} ${phrase}: body may be incomplete (${response.length} bytes)`);
  }
}

/** A Failure of `error` wrapped in `Kind([…])`. */
export function failedWith(Kind: new (reasons: Failure[]) => Error, error: unknown): Error {
  return new Kind([Failure.from(error)]);
}
