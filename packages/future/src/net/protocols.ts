/**
 * asyncio-callback model: the Protocol, the object a Transport calls back with
 * what happened on a connection.
 * Contract: a Transport calls `connectionMade` → `dataReceived`* → `eofReceived`? →
 * `connectionLost(exc | null)`, the last exactly once; `pauseWriting`/`resumeWriting`
 * bracket the times its write buffer is above the high-water mark.
 * Lineage: asyncio's `Protocol` (PEP 3156; Lib/asyncio/protocols.py), camelCase.
 * Read net/transport.ts next.
 */
import type { Transport } from './transport.js';

/**
 * What a stream Transport calls. Every method is called by the transport, never
 * by the user; a method that throws is a fatal error for the connection (the
 * loop's exception handler hears of it and the transport is aborted).
 */
export interface Protocol {
  /** The connection is up; keep `transport` to write with. Called once, first, through `loop.callSoon`. */
  connectionMade(transport: Transport): void;
  /** Some bytes arrived (any number of times; TCP keeps no message boundaries). */
  dataReceived(data: Uint8Array): void;
  /**
   * The peer ended its side. Return a truthy value to keep our side open (half-close:
   * the protocol may still write, then must close); falsy → the transport closes itself.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: the agreed API lets an implementation return nothing
  eofReceived(): boolean | undefined | void;
  /** The connection is gone: `null` after a close or abort, the error otherwise. Called exactly once, last. */
  connectionLost(exc: Error | null): void;
  /** The transport's write buffer went above the high-water mark: stop producing. */
  pauseWriting(): void;
  /** The write buffer drained to the low-water mark: produce again. */
  resumeWriting(): void;
}

/**
 * A Protocol whose every method does nothing (as asyncio's base classes do):
 * extend it and override only what you need.
 *
 * @example
 * class Hello extends BaseProtocol {
 *   override connectionMade(t: Transport): void { t.write('hello\n'); t.close(); }
 * }
 * loop.createServer(() => new Hello(), '127.0.0.1', 0);
 */
export class BaseProtocol implements Protocol {
  connectionMade(_transport: Transport): void {}
  dataReceived(_data: Uint8Array): void {}
  /** Default: falsy, so the transport closes itself at the peer's EOF. */
  // biome-ignore lint/suspicious/noConfusingVoidType: the agreed API lets an implementation return nothing
  eofReceived(): boolean | undefined | void {
    return undefined;
  }
  connectionLost(_exc: Error | null): void {}
  pauseWriting(): void {}
  resumeWriting(): void {}
}
