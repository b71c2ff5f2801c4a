/**
 * Twisted model — Agent: an HTTP/1.1 client whose `request()` returns a Deferred that fires
 * with a Response as soon as the status and headers are in; the body follows through
 * `response.deliverBody` (or `readBody`). Built on node:http/node:https with `agent: false`.
 * Contract: one fresh connection per request, closed when the body ends; cancelling the Deferred
 * destroys the socket; every failure arrives through the Deferred, with a SPEC.md code.
 * Lineage: twisted/web/client.py (Agent) and twisted/web/_newclient.py (HTTP11ClientProtocol).
 * Read next: response.ts.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import type { IReactorTime } from '../clock.js';
import { Deferred, fail } from '../deferred.js';
import { Failure } from '../failure.js';
import { ConnectionLost, connectErrorFor } from '../internet-errors.js';
import {
  InvalidURI,
  ParseError,
  RequestGenerationFailed,
  ResponseFailed,
  ResponseNeverReceived,
  SchemeNotSupported,
} from './errors.js';
import type { Headers } from './headers.js';
import { Response } from './response.js';

type NodeError = Error & { code?: string; syscall?: string };

const CLIENTS: Record<string, typeof http | typeof https> = { 'http:': http, 'https:': https };

/**
 * Makes HTTP requests.
 *
 * @example
 * new Agent(reactor)
 *   .request('GET', 'http://127.0.0.1:8080/', new Headers({ 'user-agent': ['rosetta'] }))
 *   .addCallback((response) => readBody(response))
 *   .addCallback((body) => console.log(body.length));
 */
export class Agent {
  /** `reactor` is kept for Twisted's signature (and timeouts added on the Deferreds it returns). */
  constructor(readonly reactor: IReactorTime) {}

  /**
   * Send `method uri` with `headers`; fires with the Response once its headers arrive.
   * Fails (never throws) with InvalidURI or SchemeNotSupported (EINVAL), ConnectionRefusedError
   * (ECONNREFUSED), ResponseNeverReceived or ResponseFailed (ECONNRESET, EPROTO, ETOOLARGE).
   */
  request(method: string, uri: string, headers?: Headers | null): Deferred<Response> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return fail(new InvalidURI(uri));
    }
    const client = CLIENTS[url.protocol];
    if (client === undefined) return fail(new SchemeNotSupported(url.protocol.replace(/:$/, '')));
    const options = { method, headers: headers?.toNodeHeaders(), agent: false };
    let req: ClientRequest | null = null;
    let response: Response | null = null;
    const d = new Deferred<Response>(() => req?.destroy());
    // As Twisted's connector starts connecting on the next reactor turn: a request
    // cancelled in the turn it was made never opens a connection.
    process.nextTick(() => {
      if (d.called) return;
      try {
        req = client.request(url, options);
      } catch (err) {
        d.errback(new RequestGenerationFailed([Failure.from(err)]));
        return;
      }
      const sent = req;
      sent.on('response', (message) => {
        response = new Response(message, {
          abort: () => sent.destroy(),
          closeDelimited: isCloseDelimited(sent.method, message),
        });
        if (!d.called) d.callback(response);
      });
      sent.on('error', (err: NodeError) => {
        if (response !== null) response.noteCause(causeOf(err));
        else if (!d.called) d.errback(requestFailure(err, sent));
      });
      sent.end();
    });
    return d;
  }
}

/** True when the body can only end with the connection: no length, not chunked, not empty. */
function isCloseDelimited(method: string, message: IncomingMessage): boolean {
  const chunked = /chunked/i.test(message.headers['transfer-encoding'] ?? '');
  return (
    message.headers['content-length'] === undefined &&
    !chunked &&
    hasBody(method, message.statusCode)
  );
}

function hasBody(method: string, status = 0): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 304 && status >= 200;
}

/** The underlying reason: a ParseError for Node's HPE_* codes, else a lost connection. */
function causeOf(err: NodeError): Error {
  if (err.code?.startsWith('HPE_')) {
    return new ParseError(err.message, err.code === 'HPE_HEADER_OVERFLOW' ? 'ETOOLARGE' : 'EPROTO');
  }
  return new ConnectionLost(err.message, err.code ?? 'ECONNRESET');
}

/** How a request failed before its response: as Twisted's endpoint, or its HTTP parser, says. */
function requestFailure(err: NodeError, req: ClientRequest): Error {
  if (err.syscall === 'connect' || err.syscall === 'getaddrinfo') return connectErrorFor(err);
  const receivedSomething = (req.socket?.bytesRead ?? 0) > 0;
  const Kind = receivedSomething ? ResponseFailed : ResponseNeverReceived;
  return new Kind([new Failure(causeOf(err))]);
}
