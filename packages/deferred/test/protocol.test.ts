// Deferreds — the semantic tests of Protocol and Factory over real TCP: the order of a
// protocol's events, the factory's start/stop counting, EOF with and without
// IHalfCloseableProtocol. Contract: src/protocol.ts. Lineage: twisted/internet/test/test_protocol.py
// (ProtocolTests, FactoryTests) and twisted/test/test_tcp.py (FactoryTests, HalfCloseTests).
// Read next: transport.test.ts.
import { describe, expect, it } from 'vitest';
import {
  ConnectionDone,
  ConnectionLost,
  Factory,
  type Failure,
  type IHalfCloseableProtocol,
  Protocol,
} from '../src/index.js';
import { rawClient, readAll, serveProtocol, waitUntil } from './net-support.js';

/** Records every event it sees. */
class Recording extends Protocol {
  events: string[] = [];
  reason: Failure | null = null;
  override makeConnection(transport: Protocol['transport']): void {
    this.events.push(`makeConnection(connected=${this.connected})`);
    super.makeConnection(transport);
  }
  override connectionMade(): void {
    this.events.push(`connectionMade(connected=${this.connected})`);
  }
  override dataReceived(data: Uint8Array): void {
    this.events.push(`dataReceived(${Buffer.from(data).toString()})`);
  }
  override connectionLost(reason: Failure): void {
    super.connectionLost(reason);
    this.events.push('connectionLost');
    this.reason = reason;
  }
}

describe('Protocol', () => {
  it('sees makeConnection, connectionMade, dataReceived, then connectionLost(ConnectionDone) on EOF', async () => {
    // upstream: twisted/internet/test/test_protocol.py ProtocolTests.test_makeConnection; twisted/test/test_tcp.py (a clean close gives connectionDone)
    const { port, protocols } = await serveProtocol(Recording);
    const client = await rawClient(port);
    client.end('hello');
    await waitUntil(() => protocols[0]?.reason != null);
    const p = protocols[0]!;
    expect(p.events).toEqual([
      'makeConnection(connected=false)',
      'connectionMade(connected=true)',
      'dataReceived(hello)',
      'connectionLost',
    ]);
    expect(p.reason?.check(ConnectionDone)).toBe(ConnectionDone);
    expect(p.connected).toBe(false);
  });

  it('sees connectionLost(ConnectionLost, ECONNRESET) when the peer resets', async () => {
    // upstream: twisted/internet/test/test_tcp.py AbortConnectionMixin (the peer sees ConnectionLost)
    const { port, protocols } = await serveProtocol(Recording);
    const client = await rawClient(port);
    await waitUntil(() => protocols.length === 1);
    client.resetAndDestroy();
    await waitUntil(() => protocols[0]?.reason != null);
    expect(protocols[0]!.reason?.value).toBeInstanceOf(ConnectionLost);
    expect(protocols[0]!.reason?.value).toMatchObject({ code: 'ECONNRESET' });
  });

  it('drops the connection with the error as reason when dataReceived throws', async () => {
    // upstream: twisted/internet/test/test_tcp.py (an exception in dataReceived loses the connection)
    class Throwing extends Recording {
      override dataReceived(): void {
        throw new RangeError('bad input');
      }
    }
    const { port, protocols } = await serveProtocol(Throwing);
    const client = await rawClient(port);
    client.write('x');
    await waitUntil(() => protocols[0]?.reason != null);
    expect(protocols[0]!.reason?.value).toBeInstanceOf(RangeError);
  });
});

describe('IHalfCloseableProtocol', () => {
  class HalfCloser extends Recording implements IHalfCloseableProtocol {
    readConnectionLost(): void {
      this.events.push('readConnectionLost');
      this.transport.write('still here'); // writing goes on after the peer's EOF
      this.transport.loseWriteConnection();
    }
    writeConnectionLost(): void {
      this.events.push('writeConnectionLost');
    }
  }

  it('gets readConnectionLost on EOF, may still write, and writeConnectionLost after loseWriteConnection', async () => {
    // upstream: twisted/test/test_tcp.py HalfCloseTests.testCloseWriteCloser, testWriteCloseNotification
    const { port, protocols } = await serveProtocol(HalfCloser);
    const client = await rawClient(port);
    const received = readAll(client);
    client.end('bye');
    expect(String(await received)).toBe('still here');
    await waitUntil(() => protocols[0]?.reason != null);
    expect(protocols[0]!.events).toEqual([
      'makeConnection(connected=false)',
      'connectionMade(connected=true)',
      'dataReceived(bye)',
      'readConnectionLost',
      'writeConnectionLost',
      'connectionLost',
    ]);
    expect(protocols[0]!.reason?.check(ConnectionDone)).toBe(ConnectionDone);
  });
});

describe('Factory', () => {
  it('calls startFactory on the first doStart and stopFactory on the last doStop', () => {
    // upstream: twisted/test/test_tcp.py FactoryTests.test_serverStartStop, test_clientStartStop
    const calls: string[] = [];
    const factory = new (class extends Factory {
      override startFactory(): void {
        calls.push('start');
      }
      override stopFactory(): void {
        calls.push('stop');
      }
    })();
    factory.doStart();
    factory.doStart();
    factory.doStop();
    expect(calls).toEqual(['start']);
    factory.doStop();
    factory.doStop(); // one too many: ignored
    expect(calls).toEqual(['start', 'stop']);
    expect(factory.numPorts).toBe(0);
  });

  it('forProtocol builds protocols of that class with `factory` set', () => {
    // upstream: twisted/internet/test/test_protocol.py FactoryTests.test_forProtocol
    class Special extends Factory<Recording> {
      tag = 'special';
    }
    const factory = Special.forProtocol(Recording);
    expect(factory).toBeInstanceOf(Special);
    const p = factory.buildProtocol({ type: 'TCP', host: '127.0.0.1', port: 1 });
    expect(p).toBeInstanceOf(Recording);
    expect(p?.factory).toBe(factory);
  });
});
