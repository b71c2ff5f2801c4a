/**
 * async/await model — ByteReader.readExactly (src/tasks/support/byte-reader.ts), asyncio's
 * StreamReader.readexactly over a Node stream. Read errors.test.ts next.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/tasks/support/byte-reader.js';

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('readExactly()', () => {
  it('gathers records across chunk boundaries and keeps the rest for the next call', async () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readexactly
    const reader = new ByteReader(chunks('ab', 'cdef', 'g', 'hij'));
    expect((await reader.readExactly(3)).toString()).toBe('abc');
    expect((await reader.readExactly(1)).toString()).toBe('d');
    expect((await reader.readExactly(5)).toString()).toBe('efghi');
    expect((await reader.readExactly(1)).toString()).toBe('j');
  });

  it('reads zero bytes without waiting', async () => {
    expect((await new ByteReader(chunks()).readExactly(0)).length).toBe(0);
  });

  it('rejects with ECONNRESET when the stream ends before the record is whole', async () => {
    // upstream: Lib/test/test_asyncio/test_streams.py StreamTests.test_readexactly_eof
    const reader = new ByteReader(chunks('abc'));
    await expect(reader.readExactly(5)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('passes the stream’s own error through', async () => {
    const failing = new Readable({ read() {} });
    const reader = new ByteReader(failing);
    const read = reader.readExactly(2);
    failing.destroy(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await expect(read).rejects.toThrow('reset');
  });
});
