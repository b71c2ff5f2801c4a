// Deferreds — the semantic tests of the TCP endpoints: listen and connect as Deferreds,
// connection failures as coded errors, and cancelling a connection attempt.
// Contract: src/endpoints.ts. Lineage: twisted/internet/test/test_endpoints.py (TCP4EndpointsTests
// through its Server/ClientEndpointTestCaseMixin, ConnectProtocolTests). Read next: agent.test.ts.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  CannotListenError,
  ConnectingCancelledError,
  ConnectionRefusedError,
  connectProtocol,
  Factory,
  type IListeningPort,
  Protocol,
  reactor,
  TCP4ClientEndpoint,
  TCP4ServerEndpoint,
} from '../src/index.js';
import { freePort, rawClient, rawServer, waitUntil } from './net-support.js';

/** Resolves with what `d` fails with. */
function failureOf(d: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(d).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

class Hello extends Protocol {
  made = false;
  override connectionMade(): void {
    this.made = true;
    this.transport.write('hello');
  }
}

describe('TCP4ServerEndpoint.listen()', () => {
  it('fires with the listening port once bound', async () => {
    // upstream: twisted/internet/test/test_endpoints.py ServerEndpointTestCaseMixin.test_endpointListenSuccess (run by TCP4EndpointsTests)
    const port: IListeningPort = await new TCP4ServerEndpoint(reactor, 0).listen(
      Factory.forProtocol(Hello),
    );
    onTestFinished(() => port.stopListening());
    expect(port.getHost()).toMatchObject({ host: '127.0.0.1', port: expect.any(Number) });
    const client = await rawClient(port.getHost().port);
    const data = await new Promise<string>((resolve) =>
      client.once('data', (d) => resolve(String(d))),
    );
    expect(data).toBe('hello');
  });

  it('fails with CannotListenError (EADDRINUSE) when the port is taken', async () => {
    // upstream: twisted/internet/test/test_endpoints.py ServerEndpointTestCaseMixin.test_endpointListenFailure (run by TCP4EndpointsTests)
    const busy = await rawServer();
    const error = await failureOf(
      new TCP4ServerEndpoint(reactor, busy.port).listen(Factory.forProtocol(Hello)),
    );
    expect(error).toBeInstanceOf(CannotListenError);
    expect(error).toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('TCP4ClientEndpoint.connect()', () => {
  it('fires with the protocol after its connectionMade has run', async () => {
    // upstream: twisted/internet/test/test_endpoints.py ClientEndpointTestCaseMixin.test_endpointConnectSuccess (run by TCP4EndpointsTests)
    const server = await rawServer();
    const p = await new TCP4ClientEndpoint(reactor, '127.0.0.1', server.port).connect(
      Factory.forProtocol(Hello),
    );
    onTestFinished(() => p.transport.abortConnection());
    expect(p).toBeInstanceOf(Hello);
    expect(p.made).toBe(true);
    await waitUntil(() => server.accepted() === 1);
  });

  it('fails with ConnectionRefusedError (ECONNREFUSED) when nothing listens', async () => {
    // upstream: twisted/internet/test/test_endpoints.py ClientEndpointTestCaseMixin.test_endpointConnectFailure (run by TCP4EndpointsTests)
    const error = await failureOf(
      new TCP4ClientEndpoint(reactor, '127.0.0.1', await freePort()).connect(
        Factory.forProtocol(Hello),
      ),
    );
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cancel() abandons the attempt with ConnectingCancelledError (ECANCELLED); no connection is made', async () => {
    // upstream: twisted/internet/test/test_endpoints.py ClientEndpointTestCaseMixin.test_endpointConnectingCancelled (run by TCP4EndpointsTests)
    const server = await rawServer();
    const d = new TCP4ClientEndpoint(reactor, '127.0.0.1', server.port).connect(
      Factory.forProtocol(Hello),
    );
    d.cancel();
    const error = await failureOf(d);
    expect(error).toBeInstanceOf(ConnectingCancelledError);
    expect(error).toMatchObject({
      code: 'ECANCELLED',
      address: { host: '127.0.0.1', port: server.port },
    });
    // A connection made after it is accepted; had the cancelled attempt connected, it would be too.
    const barrier = await rawClient(server.port);
    await waitUntil(() => server.sockets.some((s) => s.remotePort === barrier.localPort));
    expect(server.accepted()).toBe(1);
    barrier.destroy();
  });
});

describe('connectProtocol()', () => {
  it('connects the given protocol instance', async () => {
    // upstream: twisted/internet/test/test_endpoints.py ConnectProtocolTests.test_connectProtocolCreatesFactory
    const server = await rawServer();
    const mine = new Hello();
    const p = await connectProtocol(
      new TCP4ClientEndpoint(reactor, '127.0.0.1', server.port),
      mine,
    );
    onTestFinished(() => p.transport.abortConnection());
    expect(p).toBe(mine);
    expect(mine.made).toBe(true);
  });
});
