/**
 * asyncio-callback model: an HTTP/1.1 client shaped like the rest of the loop's I/O,
 * a Future for the response head and a Future for its body.
 * Contract: `request(loop, method, url, o)` → Future<Response>; `response.read()` →
 * Future<Uint8Array>; a fresh connection per request (no pool); cancelling either
 * Future destroys the socket at once (a cancel before the exchange starts, in the loop's
 * next iteration, means nothing is sent); every failure is an Error with a
 * comparisons/SPEC.md `code` set on the Future, never thrown; once a Future is done
 * nothing of the exchange is left (socket, listener, timer).
 * Lineage: asyncio has no HTTP client; the Future-per-step shape is Tornado's
 * (`AsyncHTTPClient.fetch` returning a Future, tornado/httpclient.py; its guide,
 * docs/guide/async.rst). Binds to `node:http`. Read http/exchange.ts next.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DEFAULT_MAX_BODY_BYTES } from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import { type ResourceFuture, resourceFuture } from '../net/resource-future.js';
import { invalidArgument, parseHttpUrl } from './errors.js';
import { Exchange } from './exchange.js';

export interface RequestOptions {
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** A longer body (or a Content-Length above it) fails with ETOOLARGE. Default 64 MiB. */
  maxBodyBytes?: number;
}

/** A response whose head has arrived; its body is read with `read()`. */
export interface Response {
  status: number;
  /** The reason phrase the server sent ('OK'). */
  reason: string;
  /** The version the server sent ('1.1'). */
  version: string;
  /** Lower-cased names, every value a list, repeated headers in arrival order. */
  headers: Record<string, string[]>;
  /** The whole body (the same Future on every call); cancelling it destroys the socket. */
  read(): Future<Uint8Array>;
  /** Drops the connection; a pending `read()` is cancelled. */
  close(): void;
}

/**
 * Sends one request on a fresh connection.
 *
 * @example
 * request(loop, 'GET', 'http://127.0.0.1:8080/').addDoneCallback((f) => {
 *   const response = f.result();
 *   response.read().addDoneCallback((b) => console.log(response.status, b.result().length));
 * });
 */
export function request(
  loop: EventLoop,
  method: string,
  url: string,
  o: RequestOptions = {},
): Future<Response> {
  const head = resourceFuture<Response>(loop);
  const target = parseHttpUrl(url);
  const limit = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (target instanceof Error) {
    head.setException(target);
  } else if (!Number.isInteger(limit) || limit < 0) {
    head.setException(invalidArgument(`maxBodyBytes must be an integer >= 0, not ${limit}`));
  } else {
    // As an asyncio coroutine starts in the loop's next iteration, so does the exchange:
    // a cancel that comes first means nothing is ever sent.
    loop.callSoon(() => {
      if (!head.done()) send(loop, target, method, oneShot(o.headers ?? {}), limit, head);
    });
  }
  return head;
}

function send(
  loop: EventLoop,
  target: URL,
  method: string,
  headers: Record<string, string>,
  limit: number,
  head: ResourceFuture<Response>,
): void {
  const start = target.protocol === 'https:' ? httpsRequest : httpRequest;
  try {
    const req = start(target, { method, headers, agent: false });
    new Exchange(loop, req, limit, head);
    req.end();
  } catch (err) {
    // Node validates the method and the headers synchronously.
    head.setException(invalidArgument(`bad request: ${(err as Error).message}`, err));
  }
}

/** The caller's headers with `Connection: close`: no keep-alive, so nothing outlives the exchange. */
function oneShot(headers: Record<string, string>): Record<string, string> {
  const kept = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'connection');
  return { ...Object.fromEntries(kept), connection: 'close' };
}
