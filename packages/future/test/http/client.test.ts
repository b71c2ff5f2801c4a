/**
 * The HTTP client in asyncio-callback shape against local servers on 127.0.0.1:
 * a Future for the head, a Future for the body, SPEC.md error codes, cancellation
 * that destroys the socket, and nothing left behind.
 * No upstream test (asyncio has no HTTP client); each case names its SPEC.md point
 * (../../BEHAVIOURS.md point 21). Read ../tasks/tasks.test.ts next.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../src/http/client.js';
import { EventLoop, type ExceptionContext } from '../../src/loop.js';
import { until } from '../net/helpers.js';

let loop: EventLoop;
const handled: ExceptionContext[] = [];
let http: HttpServer;
let base: string;
const serverSockets = new Set<Socket>();
let closedByClient = 0;

beforeAll(async () => {
  loop = new EventLoop();
  loop.setExceptionHandler((_l, ctx) => handled.push(ctx));
  http = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/hello') {
      res.setHeader('x-repeat', ['a', 'b']);
      res.end('hello world');
    } else if (url.pathname === '/echo-headers') {
      res.end(JSON.stringify(req.headers));
    } else if (url.pathname.startsWith('/bytes/')) {
      res.end(Buffer.alloc(Number(url.pathname.slice(7)), 1));
    } else if (url.pathname.startsWith('/chunked/')) {
      const n = Number(url.pathname.slice(9));
      res.write(Buffer.alloc(Math.floor(n / 2), 2));
      res.end(Buffer.alloc(n - Math.floor(n / 2), 2));
    } else if (url.pathname === '/status/404') {
      res.statusCode = 404;
      res.statusMessage = 'Nope';
      res.end('missing');
    } else if (url.pathname === '/hang') {
      // never answers
    } else if (url.pathname === '/huge-headers') {
      res.setHeader('x-big', 'y'.repeat(20 * 1024));
      res.end();
    } else if (url.pathname === '/reset-after-head') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial', () => req.socket.resetAndDestroy());
    }
  });
  http.on('connection', (s: Socket) => {
    serverSockets.add(s);
    s.on('close', () => {
      serverSockets.delete(s);
      closedByClient++;
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const s of serverSockets) s.destroy();
  await new Promise((r) => http.close(r));
  expect(handled).toEqual([]);
  loop.close();
});

/** A raw server that answers every connection with `bytes` then closes. */
async function rawServer(bytes: string): Promise<{ url: string; net: NetServer }> {
  const net = createNetServer((s) => {
    s.once('data', () => s.end(bytes));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => net.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(net.address() as { port: number }).port}/`, net };
}

describe('request()', () => {
  it('gives a Response head, then read() gives the whole body', async () => {
    // SPEC.md T1.2
    const response = await request(loop, 'GET', `${base}/hello`);
    expect(response.status).toBe(200);
    expect(response.reason).toBe('OK');
    expect(response.version).toBe('1.1');
    expect(response.headers['x-repeat']).toEqual(['a', 'b']);
    expect(response.headers['content-length']).toEqual(['11']);
    const body = await response.read();
    expect(body).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(body).toString()).toBe('hello world');
    expect(response.read()).toBe(response.read());
  });

  it('fails at once on a bad argument, yet its done-callbacks still come from the loop', async () => {
    // upstream: test_futures.py test_callbacks_invoked_on_set_exception (no inline callbacks)
    const f = request(loop, 'GET', 'not a url');
    expect(f.done()).toBe(true);
    expect(f.exception()).toMatchObject({ code: 'EINVAL' });
    const seen: string[] = [];
    f.addDoneCallback(() => seen.push('cb'));
    expect(seen).toEqual([]);
    await until(() => seen.length === 1);
    expect(seen).toEqual(['cb']);
  });

  it('treats any status as a result and reads chunked bodies', async () => {
    // SPEC.md T1.3, T1.4
    const missing = await request(loop, 'GET', `${base}/status/404`);
    expect([missing.status, missing.reason]).toEqual([404, 'Nope']);
    expect(Buffer.from(await missing.read()).toString()).toBe('missing');
    const chunked = await request(loop, 'GET', `${base}/chunked/100001`);
    expect(chunked.headers['transfer-encoding']).toEqual(['chunked']);
    expect((await chunked.read()).length).toBe(100001);
  });

  it('sends the headers it is given, on a fresh connection per request', async () => {
    // SPEC.md T1.1, T1.7
    const before = closedByClient;
    const r = await request(loop, 'GET', `${base}/echo-headers`, { headers: { 'x-hi': 'there' } });
    const sent = JSON.parse(Buffer.from(await r.read()).toString());
    expect(sent['x-hi']).toBe('there');
    expect(sent.connection).toBe('close');
    await until(() => closedByClient === before + 1);
  });

  it('always asks for Connection: close, even when the caller asks for keep-alive', async () => {
    // SPEC.md T1.1 (no keep-alive pool: nothing outlives the task)
    const r = await request(loop, 'GET', `${base}/echo-headers`, {
      headers: { Connection: 'keep-alive' },
    });
    const sent = JSON.parse(Buffer.from(await r.read()).toString());
    expect(sent.connection).toBe('close');
  });

  it('sets EINVAL for a bad URL or scheme, never throwing', async () => {
    // SPEC.md error vocabulary: EINVAL
    for (const url of ['not a url', 'ftp://127.0.0.1/x']) {
      await expect(request(loop, 'GET', url)).rejects.toMatchObject({ code: 'EINVAL' });
    }
    await expect(request(loop, 'GET', base, { maxBodyBytes: -1 })).rejects.toMatchObject({
      code: 'EINVAL',
    });
  });

  it('sets ECONNREFUSED when nothing listens', async () => {
    // SPEC.md T1.9
    const { url, net } = await rawServer('');
    await new Promise((r) => net.close(r));
    await expect(request(loop, 'GET', url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('maps a malformed status line to EPROTO', async () => {
    // SPEC.md: HPE_* → EPROTO
    const { url, net } = await rawServer('HTTP/1.1 abc nonsense\r\n\r\n');
    await expect(request(loop, 'GET', url)).rejects.toMatchObject({ code: 'EPROTO' });
    await new Promise((r) => net.close(r));
  });

  it('maps bad chunk framing to EPROTO on read()', async () => {
    // SPEC.md: HPE_* → EPROTO
    const { url, net } = await rawServer(
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nbad\r\n0\r\n\r\n',
    );
    const outcome = request(loop, 'GET', url).then((r) => r.read());
    await expect(outcome).rejects.toMatchObject({ code: 'EPROTO' });
    await new Promise((r) => net.close(r));
  });

  it('maps a header block over 16 KiB to ETOOLARGE', async () => {
    // SPEC.md: HPE_HEADER_OVERFLOW → ETOOLARGE
    await expect(request(loop, 'GET', `${base}/huge-headers`)).rejects.toMatchObject({
      code: 'ETOOLARGE',
    });
  });

  it('fails at the head when Content-Length is over maxBodyBytes; exactly at it is fine', async () => {
    // SPEC.md T1.5
    await expect(
      request(loop, 'GET', `${base}/bytes/1001`, { maxBodyBytes: 1000 }),
    ).rejects.toMatchObject({ code: 'ETOOLARGE' });
    const ok = await request(loop, 'GET', `${base}/bytes/1000`, { maxBodyBytes: 1000 });
    expect((await ok.read()).length).toBe(1000);
  });

  it('fails read() with ETOOLARGE when a chunked body grows over maxBodyBytes', async () => {
    // SPEC.md T1.5
    const r = await request(loop, 'GET', `${base}/chunked/5000`, { maxBodyBytes: 4000 });
    await expect(r.read()).rejects.toMatchObject({ code: 'ETOOLARGE' });
  });

  it('fails read() with ECONNRESET when the server resets mid-body', async () => {
    // SPEC.md T1.9
    const r = await request(loop, 'GET', `${base}/reset-after-head`);
    await expect(r.read()).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('cancel()', () => {
  it('cancelled before the exchange starts (the next iteration), it sends nothing', async () => {
    // upstream: tasks.py Task.__init__ schedules the first step with call_soon, so a Task
    // cancelled before it never runs its body; SPEC.md T1.8
    let connections = 0;
    const count = () => connections++;
    http.on('connection', count);
    const f = request(loop, 'GET', `${base}/hello`);
    expect(f.cancel()).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    http.off('connection', count);
    expect(connections).toBe(0);
  });

  it('cancelling the request Future destroys the socket', async () => {
    // SPEC.md T1.8
    const before = closedByClient;
    const f = request(loop, 'GET', `${base}/hang`);
    await until(() => serverSockets.size > 0);
    expect(f.cancel()).toBe(true);
    await until(() => closedByClient === before + 1, 5000, 'the server to see the close');
    expect(f.cancelled()).toBe(true);
  });

  it('cancelling read() destroys the socket', async () => {
    // SPEC.md T1.8
    const { net, url } = await (async () => {
      const sockets: Socket[] = [];
      const srv = createNetServer((s) => {
        sockets.push(s);
        s.on('error', () => {});
        s.once('data', () => s.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc'));
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      return { net: srv, url: `http://127.0.0.1:${(srv.address() as { port: number }).port}/` };
    })();
    let closed = false;
    net.on('connection', (s) => s.on('close', () => (closed = true)));
    const r = await request(loop, 'GET', url);
    const body = r.read();
    expect(body.cancel()).toBe(true);
    await until(() => closed, 5000, 'the server to see the close');
    await new Promise((res) => net.close(res));
  });
});

describe('resources', () => {
  it('leaves no socket or timer behind after success, failure or cancel', async () => {
    // SPEC.md T1.10
    const before = process.getActiveResourcesInfo();
    const ok = await request(loop, 'GET', `${base}/hello`);
    await ok.read();
    await expect(request(loop, 'GET', `${base}/huge-headers`)).rejects.toThrow();
    const hanging = request(loop, 'GET', `${base}/hang`);
    await until(() => serverSockets.size > 0);
    hanging.cancel();
    await until(() => serverSockets.size === 0);
    // Nothing more than before: no client socket (TCPWrap), no extra timer.
    const count = (list: string[], kind: string) => list.filter((x) => x === kind).length;
    await until(() => {
      const now = process.getActiveResourcesInfo();
      return (
        count(now, 'TCPWrap') <= count(before, 'TCPWrap') &&
        count(now, 'Timeout') <= count(before, 'Timeout')
      );
    });
  });
});
