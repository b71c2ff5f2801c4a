/**
 * Twisted model — an HTTP response as Twisted's client gives it: status and headers at
 * once, the body later, pushed into a Protocol the caller hands to `deliverBody`.
 * Contract: until deliverBody, Node buffers the body and stops reading; the body protocol gets
 * connectionLost(ResponseDone | PotentialDataLoss | ResponseFailed) exactly once.
 * Lineage: twisted/web/_newclient.py (Response) and twisted/web/iweb.py (IResponse, UNKNOWN_LENGTH).
 * Read next: read-body.ts.
 */
import type { IncomingMessage } from 'node:http';
import { Failure } from '../failure.js';
import type { IPushProducer } from '../interfaces.js';
import { ConnectionAborted, ConnectionLost } from '../internet-errors.js';
import type { IProtocol } from '../protocol.js';
import { PotentialDataLoss, ResponseDone, ResponseFailed } from './errors.js';
import { Headers } from './headers.js';

/** `Response.length` when the body's length is not known in advance (chunked, close-delimited). */
export const UNKNOWN_LENGTH = 'UNKNOWN_LENGTH';

/** A protocol that receives a response body; its transport is a push producer. */
export type IBodyProtocol = IProtocol<IPushProducer>;

/** What the Agent gives a Response: how to drop the connection. */
export interface ResponseConnection {
  /** Destroy the socket. */
  abort(): void;
  /** True when the body can only end with the connection (no Content-Length, not chunked). */
  closeDelimited: boolean;
}

/**
 * Status, headers and a body still to come.
 *
 * @example
 * agent.request('GET', url).addCallback((response) => {
 *   console.log(response.code, response.headers.getRawHeaders('content-type'));
 *   return readBody(response);
 * });
 */
export class Response {
  /** `['HTTP', major, minor]`. */
  readonly version: readonly ['HTTP', number, number];
  /** The status code. */
  readonly code: number;
  /** The reason phrase. */
  readonly phrase: string;
  readonly headers: Headers;
  /** The body's length from Content-Length (0 for 204/304), else UNKNOWN_LENGTH. */
  readonly length: number | typeof UNKNOWN_LENGTH;

  private protocol: IBodyProtocol | null = null;
  /** Why the body ended, once it has. */
  private endReason: Failure | null = null;
  /** The first error seen while the body was arriving. */
  private cause: Error | null = null;
  private readonly producer: IPushProducer;

  constructor(
    private readonly message: IncomingMessage,
    private readonly connection: ResponseConnection,
  ) {
    this.version = ['HTTP', message.httpVersionMajor, message.httpVersionMinor];
    this.code = message.statusCode ?? 0;
    this.phrase = message.statusMessage ?? '';
    this.headers = Headers.fromRawList(message.rawHeaders);
    this.length = bodyLength(message);
    this.producer = {
      pauseProducing: () => message.pause(),
      resumeProducing: () => message.resume(),
      stopProducing: () => {
        this.noteCause(new ConnectionAborted('The body protocol stopped the response.'));
        connection.abort();
      },
    };
    message.on('end', () =>
      this.bodyEnded(connection.closeDelimited ? new PotentialDataLoss() : new ResponseDone()),
    );
    message.on('error', (err) => this.bodyEnded(this.failed(err)));
    message.on('close', () => this.bodyEnded(this.failed(new ConnectionLost())));
  }

  /**
   * Deliver the body to `protocol`: makeConnection(producer), dataReceived per chunk, then
   * connectionLost with ResponseDone, PotentialDataLoss or ResponseFailed. Call it once.
   */
  deliverBody(protocol: IBodyProtocol): void {
    if (this.protocol !== null) throw new Error('Response.deliverBody() has already been called');
    this.protocol = protocol;
    protocol.makeConnection(this.producer);
    if (this.endReason !== null) {
      protocol.connectionLost(this.endReason);
      return;
    }
    this.message.on('data', (chunk: Buffer) => {
      try {
        protocol.dataReceived(chunk);
      } catch (err) {
        this.noteCause(err instanceof Error ? err : new Error(String(err)));
        this.connection.abort();
      }
    });
  }

  /** For the Agent: an error seen on the request while the body arrives (the first one wins). */
  noteCause(error: Error): void {
    this.cause ??= error;
  }

  private failed(fallback: Error): ResponseFailed {
    return new ResponseFailed([new Failure(this.cause ?? fallback)]);
  }

  private bodyEnded(reason: Error): void {
    if (this.endReason !== null) return;
    this.endReason = new Failure(reason);
    // Not persistent (as Twisted's Agent without a pool): the connection ends with the body.
    this.connection.abort();
    this.protocol?.connectionLost(this.endReason);
  }
}

function bodyLength(message: IncomingMessage): number | typeof UNKNOWN_LENGTH {
  const status = message.statusCode ?? 0;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return 0;
  const header = message.headers['content-length'];
  if (header === undefined || message.headers['transfer-encoding'] !== undefined)
    return UNKNOWN_LENGTH;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : UNKNOWN_LENGTH;
}
