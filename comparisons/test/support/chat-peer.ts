/**
 * Conformance suite support for T5: a chat client on a raw `node:net` socket that records
 * every line it receives and lets a test await the next one — so the chat tests wait for
 * lines to arrive, never for a quiet moment. Lines are kept as latin1 strings (one char per
 * byte), so bytes that are not UTF-8 compare exactly. Read chat-server.test.ts next.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** One client of the chat server. */
export class ChatPeer {
  /** Every whole line received so far, `\n` cut off, as latin1. */
  readonly lines: string[] = [];
  /** The server's own lines received so far (`* …`). */
  readonly notices: string[] = [];
  /** How many relayed lines (`NAME: …`) came from each NAME. */
  readonly from = new Map<string, number>();
  /** Resolves when the connection is closed (by either side, cleanly or not). */
  readonly closed: Promise<void>;
  /** True once the server ended its side. */
  ended = false;
  #partial = '';
  #read = 0;
  #wake: (() => void) | null = null;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const text = this.#partial + chunk.toString('latin1');
      const parts = text.split('\n');
      this.#partial = parts.pop()!;
      for (const line of parts) {
        this.lines.push(line);
        if (line.startsWith('* ')) this.notices.push(line);
        else {
          const name = line.slice(0, line.indexOf(': '));
          this.from.set(name, (this.from.get(name) ?? 0) + 1);
        }
      }
      this.#notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.#notify();
    });
    socket.on('error', () => {}); // a reset is part of several scenarios; asserted through `closed`
    this.closed = once(socket, 'close').then(() => this.#notify());
  }

  static async connect(port: number): Promise<ChatPeer> {
    const socket = connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    return new ChatPeer(socket);
  }

  /** Connects and joins as `name`; resolves once the server said `* you are NAME`. */
  static async join(port: number, name: string): Promise<ChatPeer> {
    const peer = await ChatPeer.connect(port);
    peer.send(`${name}\n`);
    await peer.expect(`* you are ${name}`);
    return peer;
  }

  /** Writes raw text (latin1) or bytes. */
  send(data: string | Uint8Array): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** The next line not yet taken by `next()`; rejects if the connection ends first. */
  async next(): Promise<string> {
    for (;;) {
      if (this.#read < this.lines.length) return this.lines[this.#read++]!;
      if (this.ended || this.socket.destroyed) {
        throw new Error(
          `the connection ended; lines so far: ${JSON.stringify(this.lines.slice(-5))}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Takes the next line and asserts it is `line`. */
  async expect(line: string): Promise<void> {
    const got = await this.next();
    if (got !== line)
      throw new Error(`expected ${JSON.stringify(line)}, got ${JSON.stringify(got.slice(0, 200))}`);
  }

  /** Resolves once `predicate` holds for the lines received (checked at each arrival). */
  async until(predicate: (lines: readonly string[]) => boolean): Promise<void> {
    while (!predicate(this.lines)) {
      if (this.ended || this.socket.destroyed) {
        throw new Error(`the connection ended first; lines so far: ${this.lines.length}`);
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Resolves once `count` relayed lines from `name` have arrived. */
  untilFrom(name: string, count: number): Promise<void> {
    return this.until(() => (this.from.get(name) ?? 0) >= count);
  }

  /** Resolves with every line still to come, once the server ends the connection. */
  async rest(): Promise<string[]> {
    if (!this.ended && !this.socket.destroyed)
      await Promise.race([once(this.socket, 'end'), this.closed]);
    const rest = this.lines.slice(this.#read);
    this.#read = this.lines.length;
    return rest;
  }

  destroy(): void {
    this.socket.destroy();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
