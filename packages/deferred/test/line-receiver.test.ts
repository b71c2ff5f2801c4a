// Deferreds — the semantic tests of LineReceiver over a recording transport: lines in order
// across any chunking, the line-length limit, sendLine, and no line after loseConnection.
// Lineage: twisted/protocols/test/test_basic.py, LineReceiverTests (test_buffer,
// test_maximumLineLength, test_maximumLineLengthRemaining,
// test_maximumLineLengthPartialDelimiter, test_clearLineBuffer). Read next: protocol.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineReceiver, type Protocol } from '../src/index.js';

/** A transport that records what is written and whether the protocol asked to disconnect. */
class RecordingTransport {
  written: string[] = [];
  disconnecting = false;
  write(data: Uint8Array | string): void {
    this.written.push(Buffer.from(data).toString('latin1'));
  }
  writeSequence(data: Iterable<Uint8Array | string>): void {
    for (const d of data) this.write(d);
  }
  loseConnection(): void {
    this.disconnecting = true;
  }
}

/** Records its lines; `longLines` gets what lineLengthExceeded was handed. */
class LineTester extends LineReceiver {
  lines: string[] = [];
  longLines: string[] = [];
  keepLongLines = false;
  override lineReceived(line: Uint8Array): void {
    const text = Buffer.from(line).toString('latin1');
    this.lines.push(text);
    if (text === 'stop') this.transport.loseConnection();
  }
  override lineLengthExceeded(line: Uint8Array): void {
    this.longLines.push(Buffer.from(line).toString('latin1'));
    if (!this.keepLongLines) super.lineLengthExceeded(line);
  }
}

function connected<P extends LineReceiver>(protocol: P): [P, RecordingTransport] {
  const transport = new RecordingTransport();
  protocol.makeConnection(transport as unknown as Protocol['transport']);
  return [protocol, transport];
}

describe('LineReceiver', () => {
  it('delivers each line without its \\r\\n, in order, however the bytes are chunked', () => {
    // upstream: test_basic.py LineReceiverTests.test_buffer (the same input at every packet size)
    const input = 'len 10\r\n0123456789\r\nlast\r\npartial';
    fc.assert(
      fc.property(fc.array(fc.nat(input.length)), (cuts) => {
        const [p] = connected(new LineTester());
        let at = 0;
        for (const cut of [...cuts.sort((a, b) => a - b), input.length]) {
          p.dataReceived(Buffer.from(input.slice(at, cut), 'latin1'));
          at = Math.max(at, cut);
        }
        expect(p.lines).toEqual(['len 10', '0123456789', 'last']);
        expect(Buffer.from(p.clearLineBuffer()).toString()).toBe('partial');
      }),
    );
  });

  it('uses the delimiter it is given', () => {
    const p = new LineTester();
    p.delimiter = '\n';
    connected(p);
    p.dataReceived(Buffer.from('a\nb\r\nc'));
    expect(p.lines).toEqual(['a', 'b\r']);
  });

  it('loses the connection on a line longer than MAX_LENGTH (Twisted’s default)', () => {
    // upstream: test_basic.py test_maximumLineLength
    const [p, t] = connected(new LineTester());
    p.dataReceived(Buffer.from(`${'x'.repeat(p.MAX_LENGTH + 1)}\r\nr`));
    expect(t.disconnecting).toBe(true);
    expect(p.lines).toEqual([]);
  });

  it('loses the connection on an unfinished line already longer than MAX_LENGTH', () => {
    // upstream: test_basic.py test_maximumLineLengthRemaining
    const [p, t] = connected(new LineTester());
    p.dataReceived(Buffer.from('x'.repeat(p.MAX_LENGTH + 1)));
    expect(t.disconnecting).toBe(true);
  });

  it('keeps a short line whose delimiter is split across packets, the total past MAX_LENGTH', () => {
    // upstream: test_basic.py test_maximumLineLengthPartialDelimiter (the same packets)
    const p = new LineTester();
    p.MAX_LENGTH = 4;
    const [, t] = connected(p);
    p.dataReceived(Buffer.from('xxx'));
    p.dataReceived(Buffer.from('\r'));
    p.dataReceived(Buffer.from('\nxxx'));
    expect(p.lines).toEqual(['xxx']);
    expect(t.disconnecting).toBe(false);
  });

  it('when lineLengthExceeded keeps the connection, skips the rest of that line and goes on', () => {
    // our choice (see line-receiver.ts): Twisted clears the whole buffer there
    const p = new LineTester();
    p.MAX_LENGTH = 4;
    p.keepLongLines = true;
    const [, t] = connected(p);
    p.dataReceived(Buffer.from('ok\r\ntoolong'));
    p.dataReceived(Buffer.from('still the same line\r'));
    p.dataReceived(Buffer.from('\nnext\r\n'));
    expect(p.longLines).toEqual(['toolong']);
    expect(p.lines).toEqual(['ok', 'next']);
    expect(t.disconnecting).toBe(false);
  });

  it('delivers no line after loseConnection began, even from the same packet', () => {
    // upstream: basic.py's `transport.disconnecting` check in LineReceiver.dataReceived
    const [p, t] = connected(new LineTester());
    p.dataReceived(Buffer.from('one\r\nstop\r\nthree\r\n'));
    expect(p.lines).toEqual(['one', 'stop']);
    expect(t.disconnecting).toBe(true);
  });

  it('sendLine writes the line and the delimiter', () => {
    const [p, t] = connected(new LineTester());
    p.sendLine('hello');
    expect(t.written.join('')).toBe('hello\r\n');
  });

  it('clearLineBuffer returns and drops what is buffered', () => {
    // upstream: test_basic.py test_clearLineBuffer (the buffered part comes back)
    const [p] = connected(new LineTester());
    p.dataReceived(Buffer.from('foo\r\nbar'));
    expect(Buffer.from(p.clearLineBuffer()).toString()).toBe('bar');
    p.dataReceived(Buffer.from('baz\r\n'));
    expect(p.lines).toEqual(['foo', 'baz']);
  });
});
