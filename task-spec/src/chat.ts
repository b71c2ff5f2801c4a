/**
 * T5, the chat server (comparisons/SPEC.md), written once for every model: its shapes and
 * defaults, `normalizeChatServerOptions` (the EINVAL rules of "Arguments"), and the bytes of
 * the protocol — which names are good, what the server says, how a relayed line looks, and a
 * splitter that cuts a byte stream into lines of at most 1,024 bytes. What is each model's
 * own — the handle, the per-client queue, who holds the room — is in its src/tasks/chat.ts.
 * Lineage: the classic chat servers, Twisted's docs/core/examples/chatserver.py (a
 * LineReceiver per client, the clients kept by the factory) and the Tulip talk's chat demo
 * (feihong/tulip-talk, demos/8-chat/demo.py). Read options.ts first, a model's chat.ts next.
 */

import { invalidArgument } from './errors.js';
import type { EchoAddress } from './index.js';
import { type Checked, normalizeEchoServerOptions } from './options.js';

/** The default of `maxQueuedBytes`: 1 MiB may wait for one client before it is dropped. */
export const DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
/** The largest `maxQueuedBytes`: 1 GiB. */
export const MAX_QUEUED_BYTES = 1024 * 1024 * 1024;
/** A line longer than this (bytes before its `\n`) is answered `* line too long`. */
export const MAX_CHAT_LINE_BYTES = 1024;
/** The longest line the server sends: a 32-character name, `: `, 1,024 bytes and `\n`. */
export const MAX_CHAT_MESSAGE_BYTES = 32 + 2 + MAX_CHAT_LINE_BYTES + 1;

export interface ChatServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Bytes that may wait for one client; past it the client is dropped (default 1 MiB). */
  maxQueuedBytes?: number;
  /** How long close() lets open connections finish before destroying them (default 1,000 ms). */
  graceMs?: number;
}

/** serveChat's options, normalised. */
export interface ChatServerSettings {
  host: string;
  port: number;
  maxQueuedBytes: number;
  graceMs: number;
}

/** Where a chat server listens: the same shape as an echo server's address. */
export type ChatAddress = EchoAddress;

export interface ChatServerStats {
  /** Connections accepted over the server's life. */
  connections: number;
  /** Lines relayed: each line of a joined client counted once, however many receive it. */
  linesRelayed: number;
  /** Clients dropped because more than `maxQueuedBytes` waited for them. */
  dropped: number;
  /** The most bytes that waited for any one client at any time. */
  peakQueuedBytes: number;
}

/** T5: serveChat's options, or EINVAL. host, port and graceMs have serveEcho's domains. */
export function normalizeChatServerOptions(options?: unknown): Checked<ChatServerSettings> {
  let fields: { listen: unknown; maxQueuedBytes: unknown };
  try {
    fields = pick(options);
  } catch (err) {
    return { error: invalidArgument(`bad options: ${String(err)}`) }; // a getter that throws
  }
  const listen = normalizeEchoServerOptions(fields.listen);
  if (listen.error) return listen;
  const { host, port, graceMs } = listen.options;
  const max =
    fields.maxQueuedBytes === undefined ? DEFAULT_MAX_QUEUED_BYTES : fields.maxQueuedBytes;
  if (!(Number.isInteger(max) && (max as number) >= 0 && (max as number) <= MAX_QUEUED_BYTES)) {
    const shown = typeof max === 'string' ? JSON.stringify(max) : String(max);
    return {
      error: invalidArgument(
        `maxQueuedBytes must be an integer from 0 to ${MAX_QUEUED_BYTES}, got ${shown.slice(0, 60)}`,
      ),
    };
  }
  return { options: { host, port, maxQueuedBytes: max as number, graceMs } };
}

/** serveEcho's three fields (its normaliser checks them, and a non-object), and maxQueuedBytes. */
function pick(options: unknown): { listen: unknown; maxQueuedBytes: unknown } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return { listen: options, maxQueuedBytes: undefined };
  }
  const { host, port, graceMs, maxQueuedBytes } = options as Record<string, unknown>;
  return { listen: { host, port, graceMs }, maxQueuedBytes };
}

// ── the protocol's bytes ──────────────────────────────────────────────────────────────

const NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** What the server says, each a whole line (SPEC.md T5). */
export const chatSays = {
  badName: Buffer.from('* bad name\n'),
  nameTaken: Buffer.from('* name taken\n'),
  lineTooLong: Buffer.from('* line too long\n'),
  serverClosing: Buffer.from('* server closing\n'),
  youAre: (name: string): Uint8Array => Buffer.from(`* you are ${name}\n`),
  joined: (name: string): Uint8Array => Buffer.from(`* ${name} joined\n`),
  left: (name: string): Uint8Array => Buffer.from(`* ${name} left\n`),
} as const;

/** A line without the one `\r` that may end it (so `\r\n` reads as `\n`). */
function text(line: Uint8Array): Uint8Array {
  return line.at(-1) === 0x0d ? line.subarray(0, -1) : line;
}

/** The name a first line asks for: 1–32 characters of [A-Za-z0-9_-]; null if it is not one. */
export function chatName(line: Uint8Array): string | null {
  const t = text(line);
  if (t.length < 1 || t.length > 32) return null;
  const name = Buffer.from(t.buffer, t.byteOffset, t.length).toString('latin1');
  return NAME.test(name) ? name : null;
}

/** `NAME: L\n`: line L of NAME as every other joined client receives it, byte for byte. */
export function relayed(name: string, line: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`${name}: `), text(line), NEWLINE]);
}

const NEWLINE = Buffer.from('\n');

/** What a line splitter gives for a line past MAX_CHAT_LINE_BYTES, instead of the line. */
export const LINE_TOO_LONG: unique symbol = Symbol('line too long');

/**
 * Cuts a byte stream into lines (each without its `\n`). A line that passes
 * MAX_CHAT_LINE_BYTES gives LINE_TOO_LONG as soon as it does, once, and the rest of it,
 * through its `\n`, is skipped; so at most MAX_CHAT_LINE_BYTES of a partial line are held.
 * A partial line at the end of the stream is never given.
 *
 * @example
 * const lines = new ChatLineSplitter();
 * for (const line of lines.push(chunk)) if (line !== LINE_TOO_LONG) handle(line);
 */
export class ChatLineSplitter {
  #partial: Uint8Array[] = [];
  #size = 0;
  #skipping = false;

  /** The lines `chunk` completes, in order. */
  push(chunk: Uint8Array): (Uint8Array | typeof LINE_TOO_LONG)[] {
    const lines: (Uint8Array | typeof LINE_TOO_LONG)[] = [];
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let start = 0; start < bytes.length; ) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline < 0 ? bytes.length : newline;
      if (!this.#skipping && this.#size + (end - start) > MAX_CHAT_LINE_BYTES) {
        lines.push(LINE_TOO_LONG);
        this.#partial = [];
        this.#size = 0;
        this.#skipping = true;
      }
      if (newline < 0) {
        if (!this.#skipping) {
          this.#partial.push(Buffer.from(bytes.subarray(start))); // a copy: the chunk may be reused
          this.#size += end - start;
        }
        break;
      }
      if (this.#skipping) this.#skipping = false;
      else lines.push(Buffer.concat([...this.#partial, bytes.subarray(start, newline)]));
      this.#partial = [];
      this.#size = 0;
      start = newline + 1;
    }
    return lines;
  }
}
