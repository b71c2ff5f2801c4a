/**
 * Twisted model — readBody: collect a response's whole body into one Deferred.
 * Contract: fails with ResponseFailed if the body broke off, PartialDownloadError (holding the
 * bytes) if it ended with the connection, and — an addition to Twisted — task-spec's ETOOLARGE
 * TaskError past `maxBytes`, dropping the connection; cancelling it drops the connection.
 * Lineage: twisted/web/client.py (readBody, _ReadBodyProtocol).
 * Read next: ../tasks/fetch.ts.
 */
import { bodyTooLarge } from '@async-rosetta/task-spec';
import { Deferred } from '../deferred.js';
import type { Failure } from '../failure.js';
import type { IPushProducer } from '../interfaces.js';
import { Protocol } from '../protocol.js';
import { PartialDownloadError, PotentialDataLoss, ResponseDone } from './errors.js';
import type { Response } from './response.js';

/**
 * The body of `response` as one Uint8Array. A body (or a Content-Length) over
 * `maxBytes` fails at once with ETOOLARGE (task-spec's `bodyTooLarge`), and the connection is dropped.
 *
 * @example
 * agent.request('GET', url).addCallback((response) => readBody(response, 1 << 20));
 */
export function readBody(
  response: Response,
  maxBytes = Number.POSITIVE_INFINITY,
): Deferred<Uint8Array> {
  const d = new Deferred<Uint8Array>(() => protocol.transport.stopProducing());
  const protocol = new ReadBodyProtocol(response, d, maxBytes);
  response.deliverBody(protocol);
  return d;
}

class ReadBodyProtocol extends Protocol<IPushProducer> {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  constructor(
    private readonly response: Response,
    private readonly deferred: Deferred<Uint8Array>,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override connectionMade(): void {
    const length = this.response.length;
    if (typeof length === 'number' && length > this.maxBytes) this.tooLarge();
  }

  override dataReceived(data: Uint8Array): void {
    if (this.deferred.called) return;
    this.size += data.length;
    if (this.size > this.maxBytes) this.tooLarge();
    else this.chunks.push(data);
  }

  override connectionLost(reason: Failure): void {
    if (this.deferred.called) return;
    const body = Buffer.concat(this.chunks, this.size);
    if (reason.check(ResponseDone)) this.deferred.callback(body);
    else if (reason.check(PotentialDataLoss)) {
      this.deferred.errback(
        new PartialDownloadError(this.response.code, this.response.phrase, body),
      );
    } else this.deferred.errback(reason);
  }

  private tooLarge(): void {
    this.deferred.errback(bodyTooLarge(this.maxBytes));
    this.transport.stopProducing();
  }
}
