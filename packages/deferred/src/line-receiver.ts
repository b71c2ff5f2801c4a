/**
 * Twisted model — LineReceiver: a Protocol that cuts what it receives into lines and calls
 * `lineReceived(line)` for each (the delimiter removed), with `sendLine(line)` to answer.
 * Contract: lines are delivered in order, across any chunking; none after the transport
 * began `loseConnection()`; a line longer than `MAX_LENGTH` (delimiter excluded) calls
 * `lineLengthExceeded(line)` once, and by default loses the connection, as in Twisted.
 * One choice of ours: when `lineLengthExceeded` keeps the connection, the rest of that long
 * line, through its delimiter, is skipped and the lines after it are delivered (Twisted
 * clears its whole buffer there, lines after included, since it expects to disconnect).
 * Only line mode: Twisted's raw mode (setRawMode/rawDataReceived) is not needed here.
 * Lineage: twisted/protocols/basic.py (LineReceiver, LineOnlyReceiver).
 * Read tasks/chat.ts next, which builds the chat server on it.
 */
import { Protocol } from './protocol.js';

/** What LineReceiver reads of its transport besides writing: Twisted's `disconnecting` flag. */
interface Disconnecting {
  disconnecting?: boolean;
}

/**
 * Subclass it and override `lineReceived`.
 *
 * @example
 * class Shout extends LineReceiver {
 *   override delimiter = '\n';
 *   override lineReceived(line: Uint8Array) { this.sendLine(Buffer.from(line).toString().toUpperCase()); }
 * }
 */
export class LineReceiver extends Protocol {
  /** What ends a line (Twisted's default: `\r\n`). */
  delimiter: Uint8Array | string = '\r\n';
  /** The longest line allowed, in bytes, delimiter excluded (Twisted's default: 16,384). */
  MAX_LENGTH = 16_384;
  #buffer: Buffer = Buffer.alloc(0);
  /** A line went over MAX_LENGTH and the connection was kept: skip to its delimiter. */
  #skipping = false;

  /** Cuts `data` (after what was buffered) into lines; keeps the partial last one. */
  override dataReceived(data: Uint8Array): void {
    const delimiter = Buffer.from(this.delimiter);
    let buffer = Buffer.concat([this.#buffer, data]);
    while (!(this.transport as Disconnecting).disconnecting) {
      const end = buffer.indexOf(delimiter);
      if (this.#skipping) {
        if (end < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1)); // a delimiter may straddle chunks
          break;
        }
        this.#skipping = false;
        buffer = buffer.subarray(end + delimiter.length);
        continue;
      }
      const length = end < 0 ? buffer.length : end;
      if (length > this.MAX_LENGTH) {
        this.#skipping = true;
        this.lineLengthExceeded(buffer.subarray(0, length));
        continue;
      }
      if (end < 0) break;
      const line = buffer.subarray(0, end);
      buffer = buffer.subarray(end + delimiter.length);
      this.lineReceived(line);
    }
    this.#buffer = Buffer.from(buffer); // a copy: `data` may be reused by the transport
  }

  /** Override: one line arrived, its delimiter removed. */
  lineReceived(_line: Uint8Array): void {}

  /** Writes `line` and the delimiter. */
  sendLine(line: Uint8Array | string): void {
    this.transport.writeSequence([line, this.delimiter]);
  }

  /**
   * Override: a line passed MAX_LENGTH (`line` is what arrived of it so far). Twisted's
   * default, kept: lose the connection.
   */
  lineLengthExceeded(_line: Uint8Array): void {
    this.transport.loseConnection();
  }

  /** Drops and returns what is buffered of a partial line. */
  clearLineBuffer(): Uint8Array {
    const buffered = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    return buffered;
  }
}
