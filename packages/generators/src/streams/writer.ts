/**
 * Generator trampoline model: StreamWriter, the writing end of a connection.
 * Contract: `write()` never blocks (it buffers in the transport); `drain()` is a Future
 * that waits while the transport is above its high-water mark and fails once the
 * connection is lost; `close()` then `waitClosed()` ends the connection.
 * Lineage: asyncio.StreamWriter (Lib/asyncio/streams.py). Read streams/open.ts next.
 */
import type { EventLoop, Future, Transport } from '@async-rosetta/future';
import type { StreamReaderProtocol } from './protocol.js';
import type { StreamReader } from './reader.js';

/**
 * Writes to a connection. The asyncio idiom: `write()`, then `yield* wait(writer.drain())`
 * to let the peer catch up.
 *
 * @example
 * writer.write(data);
 * yield* wait(writer.drain());
 * writer.close();
 * yield* wait(writer.waitClosed());
 */
export class StreamWriter {
  readonly #transport: Transport;
  readonly #protocol: StreamReaderProtocol;
  readonly #reader: StreamReader | null;
  readonly #loop: EventLoop;

  constructor(
    transport: Transport,
    protocol: StreamReaderProtocol,
    reader: StreamReader | null,
    loop: EventLoop,
  ) {
    this.#transport = transport;
    this.#protocol = protocol;
    this.#reader = reader;
    this.#loop = loop;
  }

  /** The underlying Transport (for write-buffer sizes and limits, extra info). */
  get transport(): Transport {
    return this.#transport;
  }

  /** Buffers `data` for sending; never blocks. */
  write(data: Uint8Array | string): void {
    this.#transport.write(data);
  }

  /** Ends our side after the buffer is flushed (half-close). */
  writeEof(): void {
    this.#transport.writeEof();
  }

  canWriteEof(): boolean {
    return this.#transport.canWriteEof();
  }

  /**
   * Done at once while the transport's buffer is under its high-water mark; otherwise
   * when it drained. Fails with the reader's exception, or ConnectionResetError once the
   * connection is lost. While the transport is closing it first gives up one loop
   * iteration, as asyncio's `await sleep(0)` there, so that `write(); drain()` in a loop
   * lets connectionLost run and sees the error (bpo-25441).
   */
  drain(): Future<void> {
    const exc = this.#reader?.exception() ?? null;
    if (exc !== null) {
      const failed = this.#loop.createFuture<void>();
      failed.setException(exc);
      return failed;
    }
    if (!this.#transport.isClosing()) return this.#protocol.drainHelper();
    const drained = this.#loop.createFuture<void>();
    const follow = (helper: Future<void>): void => {
      if (drained.done()) return;
      const error = helper.cancelled() ? null : helper.exception();
      if (helper.cancelled()) drained.cancel();
      else if (error !== null) drained.setException(error);
      else drained.setResult(undefined);
    };
    this.#loop.callSoon(() => {
      if (drained.done()) return; // cancelled meanwhile
      const helper = this.#protocol.drainHelper();
      if (helper.done()) {
        follow(helper);
      } else {
        helper.addDoneCallback(follow);
        drained.addDoneCallback(() => helper.cancel());
      }
    });
    return drained;
  }

  /** Flushes what is buffered, then closes the connection. */
  close(): void {
    this.#transport.close();
  }

  /** Drops what is buffered and closes at once. */
  abort(): void {
    this.#transport.abort();
  }

  isClosing(): boolean {
    return this.#transport.isClosing();
  }

  /** Resolves when the connection is gone (fails with its error if it had one). */
  waitClosed(): Future<void> {
    return this.#protocol.closed();
  }

  getExtraInfo(name: 'peername' | 'sockname' | 'socket'): unknown {
    return this.#transport.getExtraInfo(name);
  }
}
