// Deferreds — the semantic tests of the TCP transport: flow control toward a registered
// producer (paused over the buffer limit, resumed once drained), the transport as its own
// producer, loseConnection (flush, then ConnectionDone) against abortConnection (drop,
// ConnectionAborted). Contract: src/tcp-transport.ts. Lineage: twisted/internet/test/test_tcp.py
// (WriteSequenceTestsMixin's producer tests, AbortConnectionMixin) and twisted/test/test_internet.py
// (ProducerTests). Read next: endpoints.test.ts.
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  ConnectionAborted,
  ConnectionDone,
  DEFAULT_BUFFER_SIZE,
  type Failure,
  type IPushProducer,
  Protocol,
} from '../src/index.js';
import { bytes, rawClient, readAll, serveProtocol, waitUntil } from './net-support.js';

const MiB = 1024 * 1024;
/** More than loopback's kernel buffers on both ends can absorb, so Node's buffer must grow. */
const FLOOD = 64 * MiB;

/** A streaming producer that records what the consumer asks of it. */
class RecordingProducer implements IPushProducer {
  events: string[] = [];
  pauseProducing(): void {
    this.events.push('pause');
  }
  resumeProducing(): void {
    this.events.push('resume');
  }
  stopProducing(): void {
    this.events.push('stop');
  }
}

/** Records connectionLost's reason. */
class Quiet extends Protocol {
  reason: Failure | null = null;
  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.reason = reason;
  }
}

async function connectPaused(port: number): Promise<Socket> {
  const client = await rawClient(port);
  client.pause();
  return client;
}

describe('registerProducer(producer, streaming=true)', () => {
  it('pauses the producer when pending output passes 64 KiB and resumes it once drained', async () => {
    // upstream: twisted/internet/test/test_tcp.py WriteSequenceTestsMixin.test_streamingProducer (pauseProducing over bufferSize)
    const { port, protocols } = await serveProtocol(Quiet);
    const client = await connectPaused(port);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    expect(transport.bufferSize).toBe(DEFAULT_BUFFER_SIZE);
    const producer = new RecordingProducer();
    transport.registerProducer(producer, true);
    transport.write(bytes(FLOOD));
    expect(producer.events).toEqual(['pause']);
    expect(transport.getBufferedBytes()).toBeGreaterThan(DEFAULT_BUFFER_SIZE);
    let received = 0;
    client.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    client.resume();
    await waitUntil(() => producer.events.length === 2, 20_000, 'resumeProducing');
    expect(producer.events).toEqual(['pause', 'resume']);
    expect(transport.getBufferedBytes()).toBe(0);
    await waitUntil(() => received === FLOOD, 20_000, 'every byte');
  });

  it('honours a per-transport bufferSize', async () => {
    // upstream: twisted/internet/abstract.py FileDescriptor.bufferSize (a per-instance attribute)
    const { port, protocols } = await serveProtocol(Quiet, { bufferSize: 256 * MiB });
    await connectPaused(port);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    const producer = new RecordingProducer();
    transport.registerProducer(producer, true);
    transport.write(bytes(FLOOD));
    expect(transport.getBufferedBytes()).toBeGreaterThan(DEFAULT_BUFFER_SIZE);
    expect(producer.events).toEqual([]);
  });

  it('stops the producer when the connection is lost, and refuses a second producer', async () => {
    // upstream: twisted/test/test_internet.py ProducerTests.test_doubleProducer; twisted/internet/abstract.py FileDescriptor.connectionLost (stops the producer)
    const { port, protocols } = await serveProtocol(Quiet);
    const client = await rawClient(port);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    const producer = new RecordingProducer();
    transport.registerProducer(producer, true);
    expect(() => transport.registerProducer(new RecordingProducer(), true)).toThrow(/registered/);
    client.end();
    await waitUntil(() => protocols[0]!.reason !== null);
    expect(producer.events).toEqual(['stop']);
  });
});

describe('registerProducer(transport, true) — the transport as its own producer', () => {
  class Echo extends Protocol {
    read = 0;
    peak = 0;
    paused = 0;
    override connectionMade(): void {
      this.transport.registerProducer(this.transport, true);
      const pause = this.transport.pauseProducing.bind(this.transport);
      this.transport.pauseProducing = () => {
        this.paused += 1;
        pause();
      };
    }
    override dataReceived(data: Uint8Array): void {
      this.read += data.length;
      this.transport.write(data);
      this.peak = Math.max(this.peak, this.transport.getBufferedBytes());
    }
  }

  it('stops reading while its output is backed up, then echoes every byte once the peer reads', async () => {
    // upstream: twisted/internet/test/test_tcp.py (ITCPTransport as IPushProducer: stopReading/startReading)
    const { port, protocols } = await serveProtocol(Echo);
    const client = await connectPaused(port);
    const payload = bytes(FLOOD);
    client.write(payload);
    await waitUntil(() => (protocols[0]?.paused ?? 0) > 0, 20_000, 'pauseProducing');
    const echo = protocols[0]!;
    const readWhilePaused = echo.read;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(echo.read).toBe(readWhilePaused); // not reading while backed up
    expect(echo.read).toBeLessThan(FLOOD);
    const chunks: Buffer[] = [];
    let received = 0;
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    client.resume();
    await waitUntil(() => received === FLOOD, 25_000, 'the whole echo');
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
    expect(echo.peak).toBeLessThan(DEFAULT_BUFFER_SIZE + MiB);
  });
});

describe('registerProducer(producer, streaming=false)', () => {
  it('asks a pull producer for more each time the output has drained', async () => {
    // upstream: twisted/internet/test/test_tcp.py WriteSequenceTestsMixin.test_nonStreamingProducer
    const { port, protocols } = await serveProtocol(Quiet);
    const client = await rawClient(port);
    const received = readAll(client);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    let chunks = 0;
    transport.registerProducer(
      {
        resumeProducing: () => {
          chunks += 1;
          transport.write(`chunk ${chunks};`);
          if (chunks === 5) {
            transport.unregisterProducer();
            transport.loseConnection();
          }
        },
        stopProducing: () => {},
      },
      false,
    );
    expect(chunks).toBe(1); // asked at once
    expect(String(await received)).toBe('chunk 1;chunk 2;chunk 3;chunk 4;chunk 5;');
  });
});

describe('loseConnection() and abortConnection()', () => {
  it('loseConnection flushes everything written, then closes with ConnectionDone', async () => {
    // upstream: twisted/internet/test/test_tcp.py (loseConnection after write delivers the data)
    const { port, protocols } = await serveProtocol(Quiet);
    const client = await rawClient(port);
    const received = readAll(client);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    const payload = bytes(8 * MiB);
    transport.write(payload);
    transport.loseConnection();
    expect((await received).equals(payload)).toBe(true);
    await waitUntil(() => protocols[0]!.reason !== null);
    expect(protocols[0]!.reason?.value).toBeInstanceOf(ConnectionDone);
  });

  it('abortConnection drops buffered output and closes with ConnectionAborted', async () => {
    // upstream: twisted/internet/test/test_tcp.py AbortConnectionMixin.test_fullWriteBuffer
    const { port, protocols } = await serveProtocol(Quiet);
    const client = await connectPaused(port);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    let received = 0;
    client.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    // A reset reaches a paused reader as an error or, after what it had queued, as EOF.
    const closed = new Promise((resolve) => client.once('close', resolve).once('end', resolve));
    transport.write(bytes(FLOOD));
    expect(transport.getBufferedBytes()).toBeGreaterThan(0);
    transport.abortConnection();
    await waitUntil(() => protocols[0]!.reason !== null, 5_000, 'connectionLost');
    expect(protocols[0]!.reason?.value).toBeInstanceOf(ConnectionAborted);
    client.resume();
    await closed;
    expect(received).toBeLessThan(FLOOD);
  });

  it('writeSequence writes each chunk in order; getPeer/getHost name both ends', async () => {
    // upstream: twisted/internet/test/test_tcp.py (writeSequence, getHost/getPeer)
    const { port, protocols } = await serveProtocol(Quiet);
    const client = await rawClient(port);
    const received = readAll(client);
    await waitUntil(() => protocols.length === 1);
    const { transport } = protocols[0]!;
    expect(transport.getHost()).toMatchObject({ type: 'TCP', host: '127.0.0.1', port });
    expect(transport.getPeer()).toMatchObject({ host: '127.0.0.1', port: client.localPort });
    transport.writeSequence(['a', Buffer.from('b'), new Uint8Array([0x63])]);
    transport.loseConnection();
    expect(String(await received)).toBe('abc');
  });
});
