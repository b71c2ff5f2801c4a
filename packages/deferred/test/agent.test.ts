// Deferreds — the semantic tests of the HTTP client: Agent.request → Response, the body
// delivered to a protocol with ResponseDone / PotentialDataLoss / ResponseFailed, readBody,
// cancellation closing the socket, and Node's errors mapped onto Twisted's, each with its code.
// Contract: src/web/agent.ts, src/web/read-body.ts. Lineage: twisted/web/test/test_agent.py
// (AgentTests, ReadBodyTests) and twisted/web/test/test_newclient.py (HTTPClientParserTests,
// HTTP11ClientProtocolTests, ResponseTests). Read next: ../src/tasks/.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TaskError } from '@async-rosetta/task-spec';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  Agent,
  CancelledError,
  ConnectionRefusedError,
  type Failure,
  Headers,
  InvalidURI,
  type IPushProducer,
  PartialDownloadError,
  PotentialDataLoss,
  Protocol,
  type Response,
  ResponseDone,
  ResponseFailed,
  reactor,
  readBody,
  SchemeNotSupported,
  UNKNOWN_LENGTH,
} from '../src/index.js';
import { bytes, freePort, rawServer, waitUntil } from './net-support.js';

const agent = new Agent(reactor);

/** A node:http server for one test. */
async function httpServer(
  handler: http.RequestListener,
): Promise<{ url: string; closed: () => number }> {
  let closed = 0;
  const server = http.createServer(handler);
  server.on('connection', (s) => s.on('close', () => closed++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    closed: () => closed,
  };
}

/** A raw server that answers every request with `response` (then does `after`). */
async function scripted(response: string | Buffer, after: 'end' | 'reset' | 'hold' = 'end') {
  const server = await rawServer((socket) => {
    socket.once('data', () => {
      socket.write(response);
      if (after === 'end') socket.end();
      if (after === 'reset') setTimeout(() => socket.resetAndDestroy(), 20);
    });
  });
  return { ...server, url: `http://127.0.0.1:${server.port}` };
}

function failureOf(d: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(d).then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

/** A body protocol recording its events. */
class BodyRecorder extends Protocol<IPushProducer> {
  events: string[] = [];
  reason: Failure | null = null;
  override connectionMade(): void {
    this.events.push('connectionMade');
  }
  override dataReceived(data: Uint8Array): void {
    this.events.push(`data(${data.length})`);
  }
  override connectionLost(reason: Failure): void {
    this.events.push('connectionLost');
    this.reason = reason;
  }
}

describe('Agent.request()', () => {
  it('fires with the Response: code, phrase, version, headers (repeats in order) and length', async () => {
    // upstream: twisted/web/test/test_agent.py AgentTests.test_request; twisted/web/test/test_newclient.py HTTPClientParserTests (status line and headers)
    const { url } = await httpServer((_req, res) => {
      res.statusMessage = 'Fine';
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Content-Length', '5');
      res.end('hello');
    });
    const response: Response = await agent.request('GET', `${url}/x`);
    expect(response.code).toBe(200);
    expect(response.phrase).toBe('Fine');
    expect(response.version).toEqual(['HTTP', 1, 1]);
    expect(response.headers.getRawHeaders('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(response.headers.getRawHeaders('x-none')).toBeUndefined();
    expect(response.length).toBe(5);
    expect(String(await readBody(response))).toBe('hello');
  });

  it('sends the request headers', async () => {
    // upstream: twisted/web/test/test_agent.py AgentTests.test_headersUnmodified / test_hostProvided
    let seen: string[] = [];
    const { url } = await httpServer((req, res) => {
      seen = req.headersDistinct['x-rosetta'] ?? [];
      res.end();
    });
    const response = await agent.request('GET', url, new Headers({ 'X-Rosetta': ['one', 'two'] }));
    await readBody(response);
    expect(seen).toEqual(['one', 'two']);
  });

  it('fails, never throws, with InvalidURI or SchemeNotSupported (EINVAL)', async () => {
    // upstream: twisted/web/test/test_agent.py AgentTests.test_unsupportedScheme
    const bad = agent.request('GET', 'not a url');
    expect(bad.called).toBe(true);
    expect(await failureOf(bad)).toBeInstanceOf(InvalidURI);
    const ftp = await failureOf(agent.request('GET', 'ftp://127.0.0.1/'));
    expect(ftp).toBeInstanceOf(SchemeNotSupported);
    expect(ftp).toMatchObject({ code: 'EINVAL' });
  });

  it('fails with ConnectionRefusedError (ECONNREFUSED) when nothing listens', async () => {
    // upstream: twisted/web/test/test_agent.py AgentTests.test_connectionFailed
    const error = await failureOf(agent.request('GET', `http://127.0.0.1:${await freePort()}/`));
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('fails with ResponseFailed (EPROTO) on a malformed status line', async () => {
    // upstream: twisted/web/test/test_newclient.py HTTPClientParserTests.test_parseVersion (ParseError)
    const server = await scripted('HTTP/1.1 2x0 Nope\r\n\r\n');
    const error = await failureOf(agent.request('GET', server.url));
    expect(error).toBeInstanceOf(ResponseFailed);
    expect(error).toMatchObject({ code: 'EPROTO' });
  });

  it('fails with ETOOLARGE on a header block over Node’s limit', async () => {
    // upstream: (Node's HPE_HEADER_OVERFLOW mapped as comparisons/SPEC.md says)
    const server = await scripted(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(await failureOf(agent.request('GET', server.url))).toMatchObject({ code: 'ETOOLARGE' });
  });

  it('cancel() fails it with CancelledError and closes the socket', async () => {
    // upstream: twisted/web/test/test_newclient.py HTTP11ClientProtocolTests.test_cancelBeforeResponse
    const server = await rawServer((s) => s.resume()); // reads, never answers
    const d = agent.request('GET', `http://127.0.0.1:${server.port}/`);
    await waitUntil(() => server.accepted() === 1);
    d.cancel();
    expect(await failureOf(d)).toBeInstanceOf(CancelledError);
    await waitUntil(
      () => server.sockets[0]!.readableEnded || server.sockets[0]!.destroyed,
      5_000,
      'the close',
    );
  });
});

describe('Response.deliverBody()', () => {
  it('delivers connectionMade, the data, then connectionLost(ResponseDone)', async () => {
    // upstream: twisted/web/test/test_newclient.py ResponseTests.test_makeConnection, test_dataReceived, test_connectionLost
    const { url } = await httpServer((_req, res) => res.end(bytes(1000)));
    const response = await agent.request('GET', url);
    const body = new BodyRecorder();
    response.deliverBody(body);
    await waitUntil(() => body.reason !== null);
    expect(body.events[0]).toBe('connectionMade');
    expect(body.events.at(-1)).toBe('connectionLost');
    expect(body.reason?.check(ResponseDone)).toBe(ResponseDone);
    expect(() => response.deliverBody(new BodyRecorder())).toThrow(/already/);
  });

  it('ends a close-delimited body with PotentialDataLoss; readBody then fails with PartialDownloadError holding it', async () => {
    // upstream: twisted/web/test/test_agent.py ReadBodyTests.test_withPotentialDataLoss
    const server = await scripted('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it');
    const response = await agent.request('GET', server.url);
    expect(response.length).toBe(UNKNOWN_LENGTH);
    const body = new BodyRecorder();
    response.deliverBody(body);
    await waitUntil(() => body.reason !== null);
    expect(body.reason?.check(PotentialDataLoss)).toBe(PotentialDataLoss);
    const again = await agent.request('GET', server.url);
    const error = await failureOf(readBody(again));
    expect(error).toBeInstanceOf(PartialDownloadError);
    expect(String((error as PartialDownloadError).response)).toBe('all of it');
  });

  it('ends a body cut short by a reset with ResponseFailed (ECONNRESET)', async () => {
    // upstream: twisted/web/test/test_agent.py ReadBodyTests.test_otherErrors
    const server = await scripted(
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..',
      'reset',
    );
    const error = await failureOf(agent.request('GET', server.url).addCallback((r) => readBody(r)));
    expect(error).toBeInstanceOf(ResponseFailed);
    expect(error).toMatchObject({ code: 'ECONNRESET' });
  });

  it('lets the body protocol pause and resume the response', async () => {
    // upstream: twisted/web/test/test_newclient.py TransportProxyProducerTests (pauseProducing/resumeProducing)
    const { url } = await httpServer((_req, res) => res.end(bytes(256 * 1024)));
    const response = await agent.request('GET', url);
    let received = 0;
    const body = new (class extends BodyRecorder {
      override dataReceived(data: Uint8Array): void {
        received += data.length;
        if (!this.events.includes('paused')) {
          this.events.push('paused');
          this.transport.pauseProducing();
          setTimeout(() => this.transport.resumeProducing(), 50);
        }
      }
    })();
    response.deliverBody(body);
    await new Promise((resolve) => setTimeout(resolve, 25));
    const whilePaused = received;
    expect(whilePaused).toBeLessThan(256 * 1024);
    await waitUntil(() => body.reason !== null);
    expect(received).toBe(256 * 1024);
  });
});

describe('readBody()', () => {
  it('fires with the whole body, chunked or not', async () => {
    // upstream: twisted/web/test/test_agent.py ReadBodyTests.test_success
    const { url } = await httpServer((_req, res) => {
      res.write(bytes(10_000).subarray(0, 4000));
      res.end(bytes(10_000).subarray(4000));
    });
    const response = await agent.request('GET', url);
    expect(response.length).toBe(UNKNOWN_LENGTH);
    expect(Buffer.from(await readBody(response)).equals(bytes(10_000))).toBe(true);
  });

  it('fails with ETOOLARGE (a TaskError) at once for a Content-Length over maxBytes, and closes the socket', async () => {
    // upstream: (an addition to Twisted's readBody: the maxBytes cap of comparisons/SPEC.md T1.5)
    const { url, closed } = await httpServer((_req, res) => {
      res.setHeader('Content-Length', '2000');
      res.write(bytes(1000)); // the rest never comes
    });
    const response = await agent.request('GET', url);
    const d = readBody(response, 1999);
    expect(d.called).toBe(true);
    const error = await failureOf(d);
    expect(error).toBeInstanceOf(TaskError);
    expect(error).toMatchObject({ code: 'ETOOLARGE' });
    await waitUntil(() => closed() === 1, 5_000, 'the socket closed');
  });

  it('fails with ETOOLARGE once a body of unknown length passes maxBytes; a body exactly at it is fine', async () => {
    // upstream: (comparisons/SPEC.md T1.5)
    const { url } = await httpServer((req, res) => {
      res.write(bytes(600));
      res.end(bytes(req.url === '/over' ? 401 : 400));
    });
    expect((await agent.request('GET', url).addCallback((r) => readBody(r, 1000))).length).toBe(
      1000,
    );
    const error = await failureOf(
      agent.request('GET', `${url}/over`).addCallback((r) => readBody(r, 1000)),
    );
    expect(error).toMatchObject({ code: 'ETOOLARGE' });
  });

  it('cancel() fails it with CancelledError and closes the socket', async () => {
    // upstream: twisted/web/test/test_agent.py ReadBodyTests.test_cancel
    const { url, closed } = await httpServer((_req, res) => {
      res.setHeader('Content-Length', '100');
      res.write('partial');
    });
    const response = await agent.request('GET', url);
    const d = readBody(response);
    d.cancel();
    expect(await failureOf(d)).toBeInstanceOf(CancelledError);
    await waitUntil(() => closed() === 1, 5_000, 'the socket closed');
  });
});

describe('Headers', () => {
  it('is case-insensitive, keeps every value in order and names headers canonically', () => {
    // upstream: twisted/web/test/test_http_headers.py BytesHeadersTests.test_getAllRawHeaders / test_addRawHeader
    const h = new Headers({ 'content-type': 'text/plain' });
    h.addRawHeader('X-Repeat', 'a');
    h.addRawHeader('x-repeat', 'b');
    expect(h.hasHeader('CONTENT-TYPE')).toBe(true);
    expect(h.getRawHeaders('X-REPEAT')).toEqual(['a', 'b']);
    expect(h.getRawHeaders('missing', ['default'])).toEqual(['default']);
    expect([...h.getAllRawHeaders()]).toEqual([
      ['Content-Type', ['text/plain']],
      ['X-Repeat', ['a', 'b']],
    ]);
    h.removeHeader('x-repeat');
    expect(h.hasHeader('x-repeat')).toBe(false);
    expect(
      Headers.fromRawList(['WWW-Authenticate', 'x', 'etag', 'y']).getAllRawHeaders().next().value,
    ).toEqual(['WWW-Authenticate', ['x']]);
  });
});
