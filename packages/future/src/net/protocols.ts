/**
 * asyncio-callback model: the protocol classes, the objects a Transport calls back with
 * what happened on a connection.
 * Contract: a Transport calls `connectionMade` → `dataReceived`* → `eofReceived`? →
 * `connectionLost(exc | null)`, the last exactly once; `pauseWriting`/`resumeWriting`
 * bracket the times its write buffer is above the high-water mark. Every method is a
 * no-op by default, so a user subclasses `Protocol` and overrides what it needs.
 * Lineage: Lib/asyncio/protocols.py (PEP 3156), camelCase: `BaseProtocol` holds the four
 * methods every protocol has, `Protocol` adds the two of a stream, and users subclass
 * `Protocol`. Read net/transport.ts next.
 */
import type { Transport } from './transport.js';

/**
 * What every protocol has: the connection's start and end, and write flow control.
 * Every method is called by the transport, never by the user.
 */
export class BaseProtocol {
  /** The connection is up; keep `transport` to write with. Called once, first, through `loop.callSoon`. */
  connectionMade(_transport: Transport): void {}
  /** The connection is gone: `null` after a close or abort, the error otherwise. Called exactly once, last. */
  connectionLost(_exc: Error | null): void {}
  /** The transport's write buffer went above the high-water mark: stop producing. */
  pauseWriting(): void {}
  /** The write buffer drained to the low-water mark: produce again. */
  resumeWriting(): void {}
}

/**
 * A stream protocol (asyncio's `Protocol`), what a user subclasses. A method that throws
 * is a fatal error for the connection: the loop's exception handler hears of it and the
 * transport is aborted.
 *
 * @example
 * class Hello extends Protocol {
 *   override connectionMade(t: Transport): void { t.write('hello\n'); t.close(); }
 * }
 * loop.createServer(() => new Hello(), '127.0.0.1', 0);
 */
export class Protocol extends BaseProtocol {
  /** Some bytes arrived (any number of times; TCP keeps no message boundaries). */
  dataReceived(_data: Uint8Array): void {}
  /**
   * The peer ended its side. Return a truthy value to keep our side open (half-close:
   * the protocol may still write, then must close); falsy (the default) → the transport
   * closes itself.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: asyncio lets an implementation return nothing (None)
  eofReceived(): boolean | undefined | void {
    return undefined;
  }
}
