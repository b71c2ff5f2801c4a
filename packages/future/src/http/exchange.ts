/**
 * asyncio-callback model: one HTTP exchange, the state behind `request()`'s two Futures.
 * Contract: the head Future gets the Response (or the failure); the body Future gets
 * the bytes; failures and completions are reported only once the socket is closed,
 * so nothing of the exchange outlives its Futures; a cancel destroys the socket at once.
 * Lineage: none upstream; Node's `ClientRequest`/`IncomingMessage` events folded into
 * asyncio-style Futures. Read ../tasks/fetch.ts next.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { bodyTooLarge, TaskError } from '@async-rosetta/task-spec';
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import { type ResourceFuture, resourceFuture } from '../net/resource-future.js';
import type { Response } from './client.js';
import { httpError } from './errors.js';

/** The Response of one request, and the bookkeeping that settles its Futures. */
export class Exchange implements Response {
  status = 0;
  reason = '';
  version = '';
  headers: Record<string, string[]> = {};
  readonly #loop: EventLoop;
  readonly #req: ClientRequest;
  readonly #limit: number;
  readonly #head: ResourceFuture<Response>;
  #body: Future<Uint8Array> | null = null;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #complete = false;
  #failure: Error | null = null;
  /** The request's 'close': its socket is gone, so the Futures may settle. */
  #closed = false;

  constructor(loop: EventLoop, req: ClientRequest, limit: number, head: ResourceFuture<Response>) {
    this.#loop = loop;
    this.#req = req;
    this.#limit = limit;
    this.#head = head;
    req.on('response', (res) => this.#onResponse(res));
    req.on('error', (err) => this.#fail(httpError(err)));
    req.on('close', () => {
      this.#closed = true;
      this.#settle();
    });
    head.release = () => req.destroy();
  }

  read(): Future<Uint8Array> {
    if (this.#body === null) {
      const body = resourceFuture<Uint8Array>(this.#loop);
      body.release = () => this.#req.destroy();
      this.#body = body;
      this.#settle();
    }
    return this.#body;
  }

  close(): void {
    this.#body?.cancel();
    this.#req.destroy();
  }

  #onResponse(res: IncomingMessage): void {
    if (this.#head.done()) {
      this.#req.destroy();
      return;
    }
    this.status = res.statusCode ?? 0;
    this.reason = res.statusMessage ?? '';
    this.version = res.httpVersion;
    this.headers = { ...res.headersDistinct } as Record<string, string[]>;
    res.on('error', (err) => this.#fail(httpError(err)));
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > this.#limit) {
      this.#fail(bodyTooLarge(this.#limit)); // fails at the head: SPEC.md T1.5
      return;
    }
    res.on('data', (chunk: Buffer) => {
      this.#size += chunk.length;
      if (this.#size > this.#limit) {
        this.#fail(bodyTooLarge(this.#limit));
      } else {
        this.#chunks.push(chunk);
      }
    });
    res.on('end', () => {
      this.#complete = this.#failure === null;
      this.#settle();
    });
    this.#head.setResult(this);
  }

  /** The first failure wins; the socket goes at once. */
  #fail(err: Error): void {
    if (this.#failure !== null || this.#complete) return;
    this.#failure = err;
    this.#req.destroy();
    this.#settle();
  }

  #settle(): void {
    if (!this.#closed) return;
    const failure =
      this.#failure ?? new TaskError('ECONNRESET', 'connection closed before the response ended');
    if (!this.#head.done()) {
      this.#head.setException(failure);
      return;
    }
    const body = this.#body;
    if (body === null || body.done()) return;
    if (this.#complete) body.setResult(concat(this.#chunks, this.#size));
    else body.setException(failure);
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
