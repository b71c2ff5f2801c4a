/**
 * asyncio-callback model: the stream Transport, a connected `net.Socket` seen the
 * way asyncio's selector loop sees a socket.
 * Contract: drives its Protocol `connectionMade` → `dataReceived`* → `eofReceived`? →
 * `connectionLost(exc | null)` (exactly once), buffers writes without blocking and
 * tells the Protocol to pause/resume writing around the water marks.
 * Lineage: asyncio's `_SelectorSocketTransport` and `_FlowControlMixin`
 * (Lib/asyncio/selector_events.py, transports.py). Read net/server.ts next.
 *
 * When each Protocol method runs (asyncio's choices, kept):
 * - `connectionMade` through `loop.callSoon`; reading starts in the next callSoon
 *   callback (not at all if the protocol paused reading in connectionMade), and only
 *   then is a creator's waiter resolved.
 * - `dataReceived`/`eofReceived` straight from the socket's I/O events (asyncio calls
 *   them straight from the selector's read callback); `pauseWriting` inside `write()`;
 *   `resumeWriting` from the write-completion callback (asyncio's `_write_ready`).
 * - `connectionLost` always through `loop.callSoon`, so it comes after every callback
 *   already scheduled and a throw in it reaches the loop's exception handler.
 * A protocol method that throws is a fatal error: the loop's exception handler hears
 * "Fatal error: protocol.X() call failed." and the transport is aborted with it.
 */
import type { Socket } from 'node:net';
import type { Future } from '../future.js';
import type { EventLoop } from '../loop.js';
import type { Protocol } from './protocols.js';

/** asyncio's defaults: pause the protocol above 64 KiB pending, resume at a quarter of that. */
export const DEFAULT_HIGH_WATER = 64 * 1024;

/** The stream transport a Protocol writes to (asyncio's `Transport`, camelCase). */
export interface Transport {
  /** Queues bytes (a string is sent as UTF-8); never blocks. Throws after `writeEof()`. */
  write(data: Uint8Array | string): void;
  /** Ends our side once the buffer is flushed (half-close); reading goes on. */
  writeEof(): void;
  canWriteEof(): boolean;
  /** Stops reading, flushes the buffer, then `connectionLost(null)`. Idempotent. */
  close(): void;
  /** Drops the buffer and closes at once, then `connectionLost(null)`. */
  abort(): void;
  isClosing(): boolean;
  /** Stops `dataReceived` until `resumeReading()`; no-op when closing or already paused. */
  pauseReading(): void;
  resumeReading(): void;
  isReading(): boolean;
  /** Bytes written but not yet handed to the kernel. */
  getWriteBufferSize(): number;
  /** asyncio's rules: high defaults to 64 KiB (or 4×low), low to high/4; needs high ≥ low ≥ 0. */
  setWriteBufferLimits(high?: number, low?: number): void;
  /** `[low, high]`, in asyncio's order. */
  getWriteBufferLimits(): [number, number];
  /** 'peername' and 'sockname' are `{host, port}`; 'socket' is the `net.Socket`. */
  getExtraInfo(name: 'peername' | 'sockname' | 'socket', defaultValue?: unknown): unknown;
}

/** What a Server needs to hear from the transports it made. */
export interface TransportOwner {
  detach(transport: SocketTransport): void;
}

/** Options for the loop's own use when it creates a transport. */
export interface SocketTransportOptions {
  /** Resolved (unless cancelled) right after `connectionMade` ran, as asyncio's waiter. */
  waiter?: Future<void>;
  /** The Server that accepted this connection, told when the connection is lost. */
  server?: TransportOwner;
}

/** The error asyncio raises for bad water marks (a ValueError there). */
function checkLimits(high: number, low: number): void {
  if (!(high >= low && low >= 0)) {
    throw new RangeError(`high (${high}) must be >= low (${low}) must be >= 0`);
  }
}

/**
 * The Transport over a connected `net.Socket` (made with `allowHalfOpen: true`, so
 * that the Protocol's `eofReceived` decides about half-close). Created by
 * `createServer`/`createConnection`; users only see it as a `Transport`.
 */
export class SocketTransport implements Transport {
  readonly #loop: EventLoop;
  readonly #socket: Socket;
  readonly #protocol: Protocol;
  readonly #server: TransportOwner | undefined;
  readonly #extra: { peername: unknown; sockname: unknown };
  #closing = false;
  #eof = false;
  #paused = false;
  #readingStarted = false;
  /** asyncio's `_conn_lost`: > 0 once connectionLost is scheduled; counts writes after that. */
  #connLost = 0;
  #protocolPaused = false;
  #high = DEFAULT_HIGH_WATER;
  #low = DEFAULT_HIGH_WATER / 4;

  constructor(
    loop: EventLoop,
    socket: Socket,
    protocol: Protocol,
    options: SocketTransportOptions = {},
  ) {
    this.#loop = loop;
    this.#socket = socket;
    this.#protocol = protocol;
    this.#server = options.server;
    this.#extra = {
      peername: { host: socket.remoteAddress, port: socket.remotePort },
      sockname: { host: socket.localAddress, port: socket.localPort },
    };
    socket.setNoDelay(true);
    // Paused before the 'data' listener goes on, so no byte arrives before connectionMade.
    socket.pause();
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEof());
    // A socket error is the connection's end, not a bug: no exception handler (asyncio: OSError).
    socket.on('error', (err: Error) => this.#forceClose(err));
    socket.on('close', () => this.#forceClose(null));

    loop.callSoon(() => protocol.connectionMade(this));
    loop.callSoon(() => this.#startReading());
    const waiter = options.waiter;
    if (waiter !== undefined) {
      loop.callSoon(() => {
        if (!waiter.done()) waiter.setResult(undefined);
      });
    }
  }

  write(data: Uint8Array | string): void {
    if (this.#eof) throw new Error('Cannot call write() after writeEof()');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) return;
    if (this.#connLost > 0) {
      this.#connLost++;
      return;
    }
    this.#socket.write(bytes, this.#onFlushed);
    this.#maybePauseProtocol();
  }

  writeEof(): void {
    if (this.#closing || this.#eof) return;
    this.#eof = true;
    // end() sends FIN after what is buffered, as asyncio shuts down once the buffer is empty.
    this.#socket.end();
  }

  canWriteEof(): boolean {
    return true;
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#socket.pause();
    if (this.getWriteBufferSize() === 0) this.#lose(null);
    // else #onFlushed finishes the close when the buffer drains.
  }

  abort(): void {
    this.#forceClose(null);
  }

  isClosing(): boolean {
    return this.#closing;
  }

  pauseReading(): void {
    if (!this.isReading()) return;
    this.#paused = true;
    this.#socket.pause();
  }

  resumeReading(): void {
    if (this.#closing || !this.#paused) return;
    this.#paused = false;
    if (this.#readingStarted) this.#socket.resume();
  }

  isReading(): boolean {
    return !this.#closing && !this.#paused;
  }

  getWriteBufferSize(): number {
    return this.#connLost > 0 ? 0 : this.#socket.writableLength;
  }

  setWriteBufferLimits(high?: number, low?: number): void {
    const h = high ?? (low === undefined ? DEFAULT_HIGH_WATER : 4 * low);
    const l = low ?? Math.floor(h / 4);
    checkLimits(h, l);
    this.#high = h;
    this.#low = l;
    this.#maybePauseProtocol();
  }

  getWriteBufferLimits(): [number, number] {
    return [this.#low, this.#high];
  }

  getExtraInfo(name: 'peername' | 'sockname' | 'socket', defaultValue?: unknown): unknown {
    if (name === 'socket') return this.#socket;
    return this.#extra[name] ?? defaultValue;
  }

  /** The Protocol this transport drives. */
  getProtocol(): Protocol {
    return this.#protocol;
  }

  #startReading(): void {
    this.#readingStarted = true;
    if (this.isReading()) this.#socket.resume();
  }

  #onData(chunk: Buffer): void {
    if (this.#connLost > 0 || this.#closing) return;
    try {
      this.#protocol.dataReceived(chunk);
    } catch (exc) {
      this.#fatalError(exc, 'Fatal error: protocol.dataReceived() call failed.');
    }
  }

  #onEof(): void {
    if (this.#connLost > 0 || this.#closing) return;
    let keepOpen: unknown;
    try {
      keepOpen = this.#protocol.eofReceived();
    } catch (exc) {
      this.#fatalError(exc, 'Fatal error: protocol.eofReceived() call failed.');
      return;
    }
    if (!keepOpen) this.close();
  }

  /** Node calls this when a write reached the kernel (or failed: then 'error' follows). */
  readonly #onFlushed = (err?: Error | null): void => {
    if (err || this.#connLost > 0) return;
    this.#maybeResumeProtocol();
    if (this.#closing && this.#socket.writableLength === 0) this.#lose(null);
  };

  #maybePauseProtocol(): void {
    if (this.getWriteBufferSize() <= this.#high || this.#protocolPaused) return;
    this.#protocolPaused = true;
    this.#callFlowControl('pauseWriting');
  }

  #maybeResumeProtocol(): void {
    if (!this.#protocolPaused || this.getWriteBufferSize() > this.#low) return;
    this.#protocolPaused = false;
    this.#callFlowControl('resumeWriting');
  }

  #callFlowControl(method: 'pauseWriting' | 'resumeWriting'): void {
    try {
      this.#protocol[method]();
    } catch (exc) {
      this.#loop.callExceptionHandler({
        message: `protocol.${method}() failed`,
        exception: exc,
        transport: this,
        protocol: this.#protocol,
      });
    }
  }

  #fatalError(exc: unknown, message: string): void {
    this.#loop.callExceptionHandler({
      message,
      exception: exc,
      transport: this,
      protocol: this.#protocol,
    });
    this.#forceClose(exc instanceof Error ? exc : new Error(String(exc)));
  }

  #forceClose(exc: Error | null): void {
    if (this.#connLost > 0) return;
    this.#closing = true;
    this.#lose(exc);
  }

  /** The one way out: the socket goes at once (dropping any buffer), connectionLost next. */
  #lose(exc: Error | null): void {
    this.#connLost++;
    this.#socket.destroy();
    this.#loop.callSoon(() => {
      try {
        this.#protocol.connectionLost(exc);
      } finally {
        this.#server?.detach(this);
      }
    });
  }
}

/**
 * Calls `protocolFactory()` and wires the new Protocol to `socket` with a SocketTransport;
 * if the factory throws, destroys the socket, hands `onError` the exception and returns null
 * (asyncio's `_accept_connection2` and `_create_connection_transport` both do so).
 */
export function wireProtocol<P extends Protocol>(
  loop: EventLoop,
  socket: Socket,
  protocolFactory: () => P,
  options: SocketTransportOptions,
  onError: (exc: unknown) => void,
): [SocketTransport, P] | null {
  let protocol: P;
  try {
    protocol = protocolFactory();
  } catch (exc) {
    socket.destroy();
    onError(exc);
    return null;
  }
  return [new SocketTransport(loop, socket, protocol, options), protocol];
}
