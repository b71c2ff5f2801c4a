// Deferreds — the README's networking snippet, run as written, so the README cannot drift
// from the code. Contract: packages/deferred/README.md "API — networking". Lineage: Twisted's
// "Writing Servers" howto (docs/core/howto/servers.rst). Read next: transport.test.ts.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  Factory,
  type IListeningPort,
  Protocol,
  reactor,
  TCP4ServerEndpoint,
} from '../src/index.js';
import { rawClient } from './net-support.js';

describe('README (networking)', () => {
  it('serves an echo with the transport as its own producer', async () => {
    // upstream: twisted docs "Writing Servers" (Echo protocol, Factory.forProtocol, endpoints)
    const logged: unknown[] = [];
    const log = (...args: unknown[]) => logged.push(args);
    // --- the snippet (console.log → log) ---
    class Echo extends Protocol {
      override connectionMade() {
        this.transport.registerProducer(this.transport, true); // output backed up → stop reading
      }
      override dataReceived(data: Uint8Array) {
        this.transport.write(data);
      }
    }
    const listening = new TCP4ServerEndpoint(reactor, 0).listen(Factory.forProtocol(Echo));
    listening.addCallback((port) => {
      log('echoing on', port.getHost().port);
      return port; // so that later callbacks get it too
    });
    // --- end of the snippet ---
    const port: IListeningPort = await listening;
    onTestFinished(() => port.stopListening());
    expect(logged).toEqual([['echoing on', expect.any(Number)]]);
    const portNumber = (logged[0] as [string, number])[1];
    const client = await rawClient(portNumber);
    const echoed = new Promise<string>((resolve) => client.once('data', (d) => resolve(String(d))));
    client.write('ping');
    expect(await echoed).toBe('ping');
  });
});
