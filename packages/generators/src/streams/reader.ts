/**
 * Generator trampoline model: StreamReader, the buffered reading end of a connection.
 * Contract: every read returns a Future (done at once when the buffer can answer) that
 * settles with bytes, EOF (an empty read / IncompleteReadError) or the connection's
 * error; the reader pauses its transport while it buffers more than 2×limit.
 * Lineage: asyncio.StreamReader (Lib/asyncio/streams.py). Read streams/protocol.ts next.
 */
import type { EventLoop, Future, Transport } from '@async-rosetta/future';
import { IncompleteReadError, LimitOverrunError, RuntimeError } from '../errors.js';

/** asyncio's default buffer limit: 64 KiB. */
export const DEFAULT_LIMIT = 64 * 1024;

/** What a read attempt found: settle with a value or an error, or null to wait for more. */
type Attempt<T> = { value: T } | { error: unknown } | null;

const EMPTY = new Uint8Array(0);
const NEWLINE = new Uint8Array([0x0a]);

/**
 * The reading end of a stream connection, fed by its protocol. One read may wait at a
 * time (as in asyncio); each returns a Future to `yield* wait(...)` on.
 *
 * @example
 * const line = yield* wait(reader.readline());
 * const header = yield* wait(reader.readexactly(4));
 */
export class StreamReader {
  readonly #loop: EventLoop;
  readonly #limit: number;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #eof = false;
  #exception: unknown = null;
  #transport: Transport | null = null;
  #paused = false;
  /** The one read waiting for data, retried whenever something arrives. */
  #pending: { future: Future<unknown>; retry: () => boolean } | null = null;

  constructor(opts: { loop: EventLoop; limit?: number }) {
    this.#loop = opts.loop;
    this.#limit = opts.limit ?? DEFAULT_LIMIT;
    if (this.#limit <= 0) throw new RangeError('Limit cannot be <= 0');
  }

  /** The buffer limit readuntil()/readline() respect (and half the pause threshold). */
  get limit(): number {
    return this.#limit;
  }

  /** The exception the connection failed with, or null. */
  exception(): unknown {
    return this.#exception;
  }

  /** True once EOF was fed and the buffer is empty. */
  atEof(): boolean {
    return this.#eof && this.#size === 0;
  }

  // --- fed by the protocol ---------------------------------------------------------

  setTransport(transport: Transport): void {
    this.#transport = transport;
  }

  feedData(data: Uint8Array): void {
    if (data.length === 0) return;
    this.#chunks.push(data);
    this.#size += data.length;
    if (this.#transport !== null && !this.#paused && this.#size > 2 * this.#limit) {
      this.#transport.pauseReading();
      this.#paused = true;
    }
    this.#retryPending();
  }

  feedEof(): void {
    this.#eof = true;
    this.#retryPending();
  }

  setException(exc: unknown): void {
    this.#exception = exc;
    this.#retryPending();
  }

  // --- reads ---------------------------------------------------------------------------

  /**
   * Up to `n` bytes (n < 0: everything until EOF). An empty result means EOF. Settles at
   * once with what is buffered, if anything is.
   */
  read(n = -1): Future<Uint8Array> {
    return this.#whenReady<Uint8Array>(() => {
      if (n === 0) return { value: EMPTY };
      if (n < 0) return this.#eof ? { value: this.#take(this.#size) } : null;
      if (this.#size > 0) return { value: this.#take(Math.min(n, this.#size)) };
      return this.#eof ? { value: EMPTY } : null;
    });
  }

  /** Exactly `n` bytes; IncompleteReadError (with `.partial`) if EOF comes first. */
  readexactly(n: number): Future<Uint8Array> {
    // The argument is checked before the connection's exception, as in asyncio.
    if (n < 0) return this.#failed(new RangeError('readexactly size can not be less than zero'));
    return this.#whenReady<Uint8Array>(() => {
      if (this.#size >= n) return { value: this.#take(n) };
      if (this.#eof) return { error: new IncompleteReadError(this.#take(this.#size), n) };
      return null;
    });
  }

  /**
   * Bytes up to and including `separator`. IncompleteReadError at EOF without it;
   * LimitOverrunError (data left in the buffer) if it is not within `limit` bytes.
   */
  readuntil(separator: Uint8Array | string = '\n'): Future<Uint8Array> {
    const sep = typeof separator === 'string' ? Buffer.from(separator) : separator;
    if (sep.length === 0)
      return this.#failed(new RangeError('Separator should be at least one-byte string'));
    return this.#whenReady(() => this.#until(sep));
  }

  /**
   * One line, `\n` included; at EOF the partial last line (empty when nothing is left).
   * Over the limit: the line is dropped from the buffer and a RangeError thrown (asyncio
   * raises ValueError here, with the LimitOverrunError as its context; here, as `cause`).
   */
  readline(): Future<Uint8Array> {
    return this.#whenReady<Uint8Array>(() => {
      const found = this.#until(NEWLINE);
      if (found === null || 'value' in found) return found;
      if (found.error instanceof IncompleteReadError) return { value: found.error.partial };
      if (found.error instanceof LimitOverrunError) {
        this.#discardLine(found.error.consumed);
        return { error: new RangeError(found.error.message, { cause: found.error }) };
      }
      return found;
    });
  }

  // --- machinery -------------------------------------------------------------------------

  /** readuntil's attempt: the bytes through `sep`, an error, or null to wait for more. */
  #until(sep: Uint8Array): Attempt<Uint8Array> {
    const buffer = this.#joined();
    const at = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.length).indexOf(sep);
    if (at > this.#limit) {
      return {
        error: new LimitOverrunError('Separator is found, but chunk is longer than limit', at),
      };
    }
    if (at >= 0) return { value: this.#take(at + sep.length) };
    const searched = this.#size - sep.length + 1;
    if (searched > this.#limit) {
      return {
        error: new LimitOverrunError(
          'Separator is not found, and chunk exceed the limit',
          searched,
        ),
      };
    }
    if (this.#eof) return { error: new IncompleteReadError(this.#take(this.#size), null) };
    return null;
  }

  /** A read refused before it looks at the buffer (a bad argument). */
  #failed<T>(error: Error): Future<T> {
    const future = this.#loop.createFuture<T>();
    future.setException(error);
    return future;
  }

  /**
   * A read: answered at once if the buffer (or EOF, or the connection's exception) can,
   * else it waits — and, as asyncio's `_wait_for_data`, only one read may wait at a time:
   * a second one that would have to wait fails with RuntimeError. One the buffer can
   * answer never waits, so it succeeds even while another read waits.
   */
  #whenReady<T>(attempt: () => Attempt<T>): Future<T> {
    const future = this.#loop.createFuture<T>();
    const retry = (): boolean => {
      if (future.done()) return true; // the reader cancelled it: drop it
      const outcome: Attempt<T> = this.#exception !== null ? { error: this.#exception } : attempt();
      if (outcome === null) return false;
      if ('value' in outcome) future.setResult(outcome.value);
      else future.setException(outcome.error);
      this.#maybeResume();
      return true;
    };
    if (retry()) return future;
    if (this.#pending !== null && !this.#pending.future.done()) {
      future.setException(
        new RuntimeError('read called while another read is already waiting for data'),
      );
      return future;
    }
    this.#pending = { future: future as Future<unknown>, retry };
    this.#resumeForMore();
    return future;
  }

  #retryPending(): void {
    const pending = this.#pending;
    if (pending === null) return;
    if (pending.retry()) this.#pending = null;
    else this.#resumeForMore(); // still short: keep reading, whatever the buffer size
  }

  /** A waiting read needs more than is buffered: read even past 2×limit (asyncio's _wait_for_data). */
  #resumeForMore(): void {
    if (this.#paused && this.#transport !== null) {
      this.#paused = false;
      this.#transport.resumeReading();
    }
  }

  #maybeResume(): void {
    if (this.#paused && this.#size <= this.#limit && this.#transport !== null) {
      this.#paused = false;
      this.#transport.resumeReading();
    }
  }

  /** The whole buffer as one chunk (joined once, kept joined). */
  #joined(): Uint8Array {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#size)];
    return this.#chunks[0] ?? EMPTY;
  }

  /** Removes and returns the first `n` bytes (0 ≤ n ≤ size). */
  #take(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const first = this.#chunks[0]!;
    let out: Uint8Array;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const chunk = this.#chunks[0]!;
        const used = Math.min(chunk.length, n - filled);
        out.set(chunk.subarray(0, used), filled);
        filled += used;
        if (used === chunk.length) this.#chunks.shift();
        else this.#chunks[0] = chunk.subarray(used);
      }
    }
    this.#size -= n;
    return out;
  }

  /** readline's overrun: drop the too-long line (and its separator, if it is buffered). */
  #discardLine(consumed: number): void {
    const buffer = this.#joined();
    const hasSeparator = buffer[consumed] === 0x0a;
    this.#take(hasSeparator ? consumed + 1 : this.#size);
    this.#maybeResume();
  }
}
