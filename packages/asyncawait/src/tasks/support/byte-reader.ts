/**
 * async/await model — `readExactly(n)` over a byte stream, the one reading primitive
 * Node's streams lack: TCP delivers chunks of any size, the echo client wants whole
 * messages.
 * Contract: `readExactly(n)` resolves with the next `n` bytes, keeping what is left over
 * for the next call; it rejects with ECONNRESET if the stream ends first, and with the
 * stream's own error if it fails.
 * Lineage: asyncio's `StreamReader.readexactly` (Lib/asyncio/streams.py), over
 * `Readable[Symbol.asyncIterator]`. Read ../echo.ts next.
 */
import { TaskError } from '@async-rosetta/task-spec';

/**
 * Reads fixed-size records from an async iterable of chunks (a `net.Socket`),
 * keeping what is left over for the next call.
 *
 * @example
 * const reader = new ByteReader(socket);
 * const header = await reader.readExactly(4);
 */
export class ByteReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #buffered: Buffer[] = [];
  #length = 0;

  constructor(source: AsyncIterable<Buffer>) {
    this.#chunks = source[Symbol.asyncIterator]();
  }

  /** The next `n` bytes; rejects with ECONNRESET if the stream ends first. */
  async readExactly(n: number): Promise<Buffer> {
    while (this.#length < n) {
      const next = await this.#chunks.next();
      if (next.done) {
        throw new TaskError('ECONNRESET', `the peer closed after ${this.#length} of ${n} bytes`);
      }
      this.#buffered.push(next.value);
      this.#length += next.value.length;
    }
    const all =
      this.#buffered.length === 1
        ? this.#buffered[0]!
        : Buffer.concat(this.#buffered, this.#length);
    this.#buffered = all.length > n ? [all.subarray(n)] : [];
    this.#length -= n;
    return all.subarray(0, n);
  }
}
