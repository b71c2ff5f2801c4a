/**
 * T5's pieces that are not any model's (comparisons/SPEC.md T5): the option domains of
 * serveChat, the names a client may take, the bytes the server says and relays, and the
 * line splitter with its 1,024-byte limit. Property-based (fast-check) where a domain or a
 * stream's chunking matters. Read ../src/chat.ts for the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChatLineSplitter,
  chatName,
  chatSays,
  DEFAULT_GRACE_MS,
  DEFAULT_MAX_QUEUED_BYTES,
  LINE_TOO_LONG,
  MAX_CHAT_LINE_BYTES,
  MAX_CHAT_MESSAGE_BYTES,
  MAX_QUEUED_BYTES,
  normalizeChatServerOptions,
  normalizeEchoServerOptions,
  relayed,
  TaskError,
} from '../src/index.js';

const bytes = (s: string) => Buffer.from(s);

function expectEinval(r: { error?: TaskError }): void {
  expect(r.error).toBeInstanceOf(TaskError);
  expect(r.error?.code).toBe('EINVAL');
  expect(r.error?.message).not.toContain('\n');
}

/** Any value a caller might pass where a number is wanted. */
const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1, 2 ** 30, 2 ** 30 + 1, 2 ** 53, Number.NaN, Infinity, 0.5, null),
  fc.string(),
  fc.boolean(),
  fc.bigInt(),
);

describe('normalizeChatServerOptions', () => {
  it('fills in 127.0.0.1, port 0, 1 MiB and 1,000 ms', () => {
    expect(normalizeChatServerOptions()).toEqual({
      options: {
        host: '127.0.0.1',
        port: 0,
        maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
        graceMs: DEFAULT_GRACE_MS,
      },
    });
    expect(DEFAULT_MAX_QUEUED_BYTES).toBe(1024 * 1024);
  });

  it('maxQueuedBytes is an integer 0–1 GiB; anything else is EINVAL naming it', () => {
    fc.assert(
      fc.property(anyValue, (maxQueuedBytes) => {
        const r = normalizeChatServerOptions({ maxQueuedBytes });
        const good =
          typeof maxQueuedBytes === 'number' &&
          Number.isInteger(maxQueuedBytes) &&
          maxQueuedBytes >= 0 &&
          maxQueuedBytes <= MAX_QUEUED_BYTES;
        if (good) expect(r.options?.maxQueuedBytes).toBe(maxQueuedBytes);
        else {
          expectEinval(r);
          expect(r.error?.message).toMatch(/^maxQueuedBytes must be an integer from 0 to /);
        }
      }),
    );
  });

  it('host, port and graceMs get exactly serveEcho’s answer (one domain, decided once)', () => {
    fc.assert(
      fc.property(
        anyValue,
        anyValue,
        fc.oneof(anyValue, fc.constant(undefined)),
        (port, graceMs, host) => {
          const chat = normalizeChatServerOptions({ host, port, graceMs });
          const echo = normalizeEchoServerOptions({ host, port, graceMs });
          expect(chat.error?.message).toBe(echo.error?.message);
          if (echo.options)
            expect(chat.options).toMatchObject({ host: echo.options.host, port, graceMs });
        },
      ),
    );
  });

  it.each([
    ['a string', 'options'],
    ['an array', [1]],
    ['a number', 5],
  ])('answers options that are %s with EINVAL', (_, options) => {
    expectEinval(normalizeChatServerOptions(options));
  });

  it('turns a throwing getter into EINVAL, never a throw', () => {
    const options = {
      get maxQueuedBytes(): number {
        throw new Error('boom');
      },
    };
    expectEinval(normalizeChatServerOptions(options));
  });
});

describe('chatName', () => {
  it('accepts 1–32 characters of [A-Za-z0-9_-] and nothing else', () => {
    const nameChar = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-',
    );
    fc.assert(
      fc.property(fc.string({ unit: nameChar, minLength: 1, maxLength: 32 }), (name) => {
        expect(chatName(bytes(name))).toBe(name);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const good = /^[A-Za-z0-9_-]{1,32}$/.test(s);
        expect(chatName(bytes(s))).toBe(good ? s : null);
      }),
    );
  });

  it.each([[''], ['a b'], ['x'.repeat(33)], ['ann!'], ['Zoë'], ['ann\0']])('rejects %j', (name) => {
    expect(chatName(bytes(name))).toBeNull();
  });

  it('ignores one \\r before the newline (telnet sends \\r\\n)', () => {
    expect(chatName(bytes('ann\r'))).toBe('ann');
    expect(chatName(bytes('ann\r\r'))).toBeNull();
  });
});

describe('what the server says', () => {
  it('says each notice as one whole line', () => {
    expect(Buffer.from(chatSays.badName).toString()).toBe('* bad name\n');
    expect(Buffer.from(chatSays.nameTaken).toString()).toBe('* name taken\n');
    expect(Buffer.from(chatSays.lineTooLong).toString()).toBe('* line too long\n');
    expect(Buffer.from(chatSays.serverClosing).toString()).toBe('* server closing\n');
    expect(Buffer.from(chatSays.youAre('ann')).toString()).toBe('* you are ann\n');
    expect(Buffer.from(chatSays.joined('ann')).toString()).toBe('* ann joined\n');
    expect(Buffer.from(chatSays.left('ann')).toString()).toBe('* ann left\n');
  });

  it('relays a line byte for byte as NAME: L, invalid UTF-8 included, one \\r dropped', () => {
    const invalid = Buffer.from([0xff, 0xfe, 0x80, 0x41]);
    expect(Buffer.from(relayed('ann', invalid))).toEqual(
      Buffer.concat([bytes('ann: '), invalid, bytes('\n')]),
    );
    expect(Buffer.from(relayed('ann', bytes('hi\r'))).toString()).toBe('ann: hi\n');
    expect(Buffer.from(relayed('ann', bytes(''))).toString()).toBe('ann: \n');
  });

  it('sends no line longer than MAX_CHAT_MESSAGE_BYTES', () => {
    const longest = relayed('n'.repeat(32), Buffer.alloc(MAX_CHAT_LINE_BYTES, 0x61));
    expect(longest.length).toBe(MAX_CHAT_MESSAGE_BYTES);
  });
});

/** Feeds `stream` to a fresh splitter in the given pieces; what it gives, as strings. */
function split(stream: Buffer, cuts: number[]): string[] {
  const splitter = new ChatLineSplitter();
  const out: string[] = [];
  let at = 0;
  for (const cut of [
    ...cuts.filter((c) => c < stream.length).sort((a, b) => a - b),
    stream.length,
  ]) {
    for (const line of splitter.push(stream.subarray(at, cut)))
      out.push(line === LINE_TOO_LONG ? '<too long>' : Buffer.from(line).toString('latin1'));
    at = cut;
  }
  return out;
}

describe('ChatLineSplitter', () => {
  it('gives each line without its \\n, and never a partial last line', () => {
    expect(split(bytes('ann\nhello\n\nbye'), [])).toEqual(['ann', 'hello', '']);
  });

  it('keeps a line of exactly 1,024 bytes; a line of 1,025 is too long and skipped to its end', () => {
    const exact = 'a'.repeat(MAX_CHAT_LINE_BYTES);
    const over = 'b'.repeat(MAX_CHAT_LINE_BYTES + 1);
    expect(split(bytes(`${exact}\n${over}\nnext\n`), [])).toEqual([exact, '<too long>', 'next']);
  });

  it('says too long as soon as the line passes the limit, before its \\n arrives, once', () => {
    const splitter = new ChatLineSplitter();
    expect(splitter.push(Buffer.alloc(MAX_CHAT_LINE_BYTES, 0x61))).toEqual([]);
    expect(splitter.push(bytes('a'))).toEqual([LINE_TOO_LONG]);
    expect(splitter.push(Buffer.alloc(1 << 20, 0x61))).toEqual([]);
    expect(
      splitter.push(bytes('tail\nok\n')).map((l) => Buffer.from(l as Uint8Array).toString()),
    ).toEqual(['ok']);
  });

  it('gives the same lines however the stream is cut into chunks', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replaceAll('\n', '')),
      fc
        .integer({ min: MAX_CHAT_LINE_BYTES - 2, max: MAX_CHAT_LINE_BYTES + 3 })
        .map((n) => 'x'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.array(fc.nat(5000)), (lines, cuts) => {
        const stream = bytes(lines.map((l) => `${l}\n`).join(''));
        const expected = lines.map((l) => (l.length > MAX_CHAT_LINE_BYTES ? '<too long>' : l));
        expect(split(stream, cuts)).toEqual(expected);
      }),
    );
  });
});
