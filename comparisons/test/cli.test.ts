/**
 * Tests of the `rosetta` command as users run it: the compiled CLI
 * (comparisons/dist/cli.js, built by vitest's globalSetup) in a real child process,
 * over whatever models the registry holds. Exit status 0 success, 1 the task failed
 * (`<code>: <message>` on stderr), 2 bad usage (a one-line reason, then the usage).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeEchoClientOptions } from '@async-rosetta/task-spec';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStale, MANIFEST } from '../../scripts/stale.mjs';
import type { Io } from '../src/cli/io.js';
import { hostPort } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { HELP_HINT } from '../src/cli/usage.js';
import {
  fixtureBytes,
  type HttpFixture,
  startEchoFixture,
  startHttpFixture,
} from '../src/fixtures/index.js';
import { waitUntil } from '../src/fixtures/net-util.js';
import type { ModelAdapter } from '../src/models/contract.js';
import { models } from '../src/models/index.js';

/** The compiled command (vitest's globalSetup builds it; scripts/build.mjs writes it atomically). */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const BENCH = fileURLToPath(new URL('../../bench/dist/run.js', import.meta.url));
const names = models.map((m) => m.name);
const first = names[0] ?? '(no model registered)';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (killed after `timeoutMs`). */
function rosetta(args: string[], timeoutMs = 20_000): Promise<Ran> {
  return collect(spawn(process.execPath, [CLI, ...args]), timeoutMs);
}

function collect(child: ChildProcess, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `rosetta echo serve …` (or `command` with `args`) and resolves with the child and its first stdout line. */
function startServe(
  args: string[],
  command: [string, string[], { cwd?: string }?] = [process.execPath, [CLI, 'echo', 'serve']],
): Promise<{ child: ChildProcess; first: string; done: Promise<Ran> }> {
  const [file, head, options] = command;
  const child = spawn(file, [...head, ...args], options ?? {});
  const done = collect(child, 100_000);
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (c: Buffer) => {
      buffered += c.toString();
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      child.stdout?.off('data', onData);
      resolve({ child, first: buffered.slice(0, newline), done });
    };
    child.stdout?.on('data', onData);
    done.then((r) => reject(new Error(`echo serve exited early: ${JSON.stringify(r)}`)));
  });
}

/** Sends `data` on a plain node:net socket, half-closes, and gathers the echo until the server closes. */
function plainEcho(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(data));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** The same exchange from another runtime's socket: python3, or `node -e` where python3 is missing. */
const FOREIGN_CLIENT = `
import socket, sys
data = bytes(range(256)) * 40
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(data)
s.shutdown(socket.SHUT_WR)
got = b''
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    got += chunk
s.close()
print('intact' if got == data else 'different', len(got))
`;
const NODE_FALLBACK = `
const data = Buffer.alloc(256 * 40, 0).map((_, i) => i % 256);
const s = require('net').connect(Number(process.argv[1]), '127.0.0.1', () => s.end(data));
const chunks = [];
s.on('data', (c) => chunks.push(c));
s.on('close', () => { const got = Buffer.concat(chunks); console.log(got.equals(data) ? 'intact' : 'different', got.length); });
`;
const hasPython = spawnSync('python3', ['-c', 'print(1)']).status === 0;

function foreignEcho(port: number): Promise<Ran> {
  const child = hasPython
    ? spawn('python3', ['-c', FOREIGN_CLIENT, String(port)])
    : spawn(process.execPath, ['-e', NODE_FALLBACK, String(port)]);
  return collect(child, 20_000);
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  return typeof address === 'object' && address ? address.port : 1;
}

const lines = (s: string) => s.split('\n').filter((l) => l.length > 0);

/** Bad usage: exit 2, the one-line reason, then one line pointing at --help; never a stack trace. */
function expectUsage(r: Ran, reason: RegExp): void {
  expect(r.code).toBe(2);
  expect(lines(r.stderr)).toEqual([expect.stringMatching(/^rosetta: /), HELP_HINT]);
  expect(lines(r.stderr)[0]).toMatch(reason);
  expect(r.stdout).toBe('');
}

describe('the model registry', () => {
  it('holds at least one model for the command to run', () => {
    expect(names.length).toBeGreaterThan(0);
  });
});

describe('rosetta --help', () => {
  it('prints the usage with every registered model and exits 0', async () => {
    const r = await rosetta(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: rosetta/);
    for (const command of ['demo', 'fetch <url>', 'echo serve', 'echo client', 'bench']) {
      expect(r.stdout).toContain(command);
    }
    for (const name of names) expect(r.stdout).toContain(name);
  });
});

describe('rosetta demo', () => {
  it('runs every task in every model and prints one row per model, all cases passing', async () => {
    const r = await rosetta(['demo'], 90_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = lines(r.stdout).filter((l) => names.some((n) => l.startsWith(`${n} `)));
    expect(rows.map((l) => l.split(' ')[0])).toEqual(names);
    for (const row of rows) {
      expect(row).toMatch(/\| 200, 100000 B, [\d.]+ ms/);
      expect(row).toMatch(/\| 20 pages, [\d.]+ ms/);
      expect(row).toMatch(/\| \d+ msg\/s/);
      expect(row).toMatch(/\| 6\/6 ✓$/);
    }
  }, 100_000);
});

describe('rosetta demo (in-process, with a model that misbehaves)', () => {
  it('marks the cases a model got wrong and exits 1 with EDEMO', async () => {
    const real = models[0]!;
    // Answers /hang at once, without the network: its timeout and cancel cases then succeed
    // instead of failing, and every other case still goes to the real model.
    const page = {
      status: 200,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: {},
      body: new Uint8Array(0),
    };
    const broken: ModelAdapter = {
      ...real,
      name: 'broken',
      fetchPage: (url, o) =>
        url.endsWith('/hang')
          ? { result: Promise.resolve(page), cancel: () => {} }
          : real.fetchPage(url, o),
    };
    const out: string[] = [];
    const err: string[] = [];
    const status = await main(['demo'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      models: [real, broken],
      untilSignal: () => new Promise(() => {}),
      spawn: () => Promise.resolve(1),
    });
    expect(status).toBe(1);
    expect(err).toEqual(['EDEMO: 1 model(s) misbehaved: broken']);
    expect(out.find((l) => l.startsWith(`${real.name} `))).toMatch(/\| 6\/6 ✓$/);
    expect(out.find((l) => l.startsWith('broken '))).toMatch(
      /\| 4\/6 ✗ timeout→none, cancel→none$/,
    );
  }, 60_000);
});

describe.concurrent('rosetta fetch', () => {
  let fixture: HttpFixture;
  beforeAll(async () => {
    fixture = await startHttpFixture();
  });
  afterAll(() => fixture.close());

  it('--json prints one object per model with status, headers, size, sha256 and time', async () => {
    const r = await rosetta(['fetch', `${fixture.url}/bytes/1000`, '--model', 'all', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const objects = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.model)).toEqual(names);
    const sha256 = createHash('sha256').update(fixtureBytes(1000)).digest('hex');
    for (const o of objects) {
      expect(o).toMatchObject({ status: 200, bodyBytes: 1000, sha256 });
      expect((o.headers as Record<string, string[]>)['content-length']).toEqual(['1000']);
      expect(o.ms).toBeGreaterThan(0);
    }
  });

  it('prints one line per model by default, for every registered model', async () => {
    const r = await rosetta(['fetch', `${fixture.url}/status/404`]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => l.split(':')[0])).toEqual(names);
    for (const l of lines(r.stdout)) expect(l).toContain('404 Not Found');
  });

  it('exits 1 with ECONNREFUSED on stderr when nothing listens', async () => {
    const port = await closedPort();
    const r = await rosetta(['fetch', `http://127.0.0.1:${port}/`, '--model', first]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^ECONNREFUSED: .*\(model [\w-]+\)\n$/);
  });

  it('exits 1 with ETIMEDOUT when --timeout passes', async () => {
    const r = await rosetta(['fetch', `${fixture.url}/hang`, '--model', first, '--timeout', '200']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ETIMEDOUT: /);
  });

  it('--json prints one {model, error: {code, message}} object per model that failed, and exits 1', async () => {
    const port = await closedPort();
    const r = await rosetta(['fetch', `http://127.0.0.1:${port}/`, '--model', 'all', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const objects = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects).toEqual(
      names.map((model) => ({
        model,
        error: { code: 'ECONNREFUSED', message: expect.stringMatching(/^[^\n]+$/) },
      })),
    );
  });

  it('--timeout none asks for no deadline, and a deadline past 2^31 ms is kept, in every model', async () => {
    for (const timeout of ['none', String(2 ** 31 + 1000)]) {
      const r = await rosetta(['fetch', `${fixture.url}/delay/50`, '--timeout', timeout, '--json']);
      expect(r.stderr).toBe('');
      const objects = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(objects.map((o) => [o.model, o.status])).toEqual(names.map((n) => [n, 200]));
      expect(r.code).toBe(0);
    }
  });

  it('on SIGINT cancels the running fetch, keeps what was printed, and exits 130', async () => {
    // A fixture of its own: the tests beside it (run concurrently) fetch /hang too.
    const own = await startHttpFixture();
    try {
      const child = spawn(process.execPath, [CLI, 'fetch', `${own.url}/hang`, '--timeout', 'none']);
      const done = collect(child, 20_000);
      // The first model's request is on the wire: Ctrl-C now.
      await own.waitFor((s) => s.requests.length > 0, 15_000);
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(130);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toEqual([
        expect.stringMatching(new RegExp(`^ECANCELLED: .*\\(model ${first}\\)$`)),
        expect.stringMatching(
          new RegExp(
            `^SIGINT: stopped during ${first} after [\\d.]+ ms; 0 of ${names.length} models? fetched$`,
          ),
        ),
      ]);
    } finally {
      await own.close();
    }
  });
});

// Independent child processes: run them side by side to keep the file's wall time low.
describe.concurrent('rosetta: bad usage exits 2', () => {
  it.each([
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['no command', [], /no command given/],
    [
      'an unknown model',
      ['fetch', 'http://127.0.0.1:1/', '--model', 'nosuch'],
      /unknown model 'nosuch'/,
    ],
    ['a URL that does not parse', ['fetch', 'not a url'], /not an absolute URL/],
    ['a missing URL', ['fetch'], /exactly one URL/],
    [
      'a bad number',
      ['fetch', 'http://127.0.0.1:1/', '--timeout', 'soon'],
      /--timeout must be a number/,
    ],
    [
      'a URL with no scheme, with a hint',
      ['fetch', 'localhost:8765'],
      /unsupported scheme localhost: .*; did you mean http:\/\/localhost:8765\/\?$/,
    ],
    [
      'a URL of another scheme, with a hint',
      ['fetch', 'ftp://127.0.0.1/file'],
      /unsupported scheme ftp: .*; did you mean http:\/\/127\.0\.0\.1\/file\?$/,
    ],
    ['a URL with no host', ['fetch', 'http://'], /not an absolute URL/],
    [
      'a deadline below the domain',
      ['fetch', 'http://127.0.0.1:1/', '--timeout=-1'],
      /^rosetta: --timeout must be a number of milliseconds >= 0, got -1$/,
    ],
    [
      'a message size above the domain (64 MiB)',
      ['echo', 'client', '--model', first, '--port', '1', '--size', '5000000000'],
      /^rosetta: --size must be an integer from 1 to 67108864, got 5000000000$/,
    ],
    [
      'a connection count above the domain',
      ['echo', 'client', '--model', first, '--port', '1', '--connections', '9007199254740991'],
      /^rosetta: --connections must be an integer from 1 to 10000, got 9007199254740991$/,
    ],
    [
      'connections × size above 1 GiB in flight',
      [
        'echo',
        'client',
        '--model',
        first,
        '--port',
        '1',
        '--connections',
        '100',
        '--size',
        '67108864',
      ],
      /^rosetta: --connections × --size must be at most 1073741824 bytes, got 100 × 67108864$/,
    ],
    [
      'a fractional message count',
      ['echo', 'client', '--model', first, '--port', '1', '--messages', '1.5'],
      /^rosetta: --messages must be an integer/,
    ],
    ['an unknown option', ['fetch', 'http://127.0.0.1:1/', '--bogus'], /Unknown option '--bogus'/],
    ['echo client without --port', ['echo', 'client', '--model', first], /--port is required/],
    [
      'echo serve with a port out of range',
      ['echo', 'serve', '--model', first, '--port', '70000'],
      /--port/,
    ],
    [
      'echo serve with --model all',
      ['echo', 'serve', '--model', 'all'],
      /runs one model: pick one of/,
    ],
    [
      'echo serve with a host that cannot be one',
      ['echo', 'serve', '--model', first, '--host', 'a b'],
      /--host must be/,
    ],
    ['echo without serve or client', ['echo', 'shout'], /unknown echo command/],
  ])('for %s', async (_, args, reason) => {
    expectUsage(await rosetta(args as string[]), reason as RegExp);
  });
});

describe('rosetta echo serve', () => {
  it('prints its address, echoes for a plain socket, and on SIGTERM closes and prints its stats', async () => {
    const {
      child,
      first: line,
      done,
    } = await startServe(['--model', first, '--port', '0', '--json']);
    const address = JSON.parse(line) as { host: string; port: number };
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    const payload = Buffer.from(fixtureBytes(100_000));
    expect((await plainEcho(address.port, payload)).equals(payload)).toBe(true);
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const stats = JSON.parse(lines(r.stdout)[1]!) as Record<string, unknown>;
    expect(stats).toMatchObject({ signal: 'SIGTERM', connections: 1, bytesEchoed: 100_000 });
  });

  it.each(names)(
    `--model %s echoes for a client that is not ours (${hasPython ? 'python3' : 'node -e: python3 is missing'}) and stops on SIGINT`,
    async (name) => {
      const { child, first: line, done } = await startServe(['--model', name]);
      const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      expect(match).not.toBeNull();
      const foreign = await foreignEcho(Number(match![1]));
      expect(foreign.stdout.trim()).toBe('intact 10240');
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(0);
      expect(lines(r.stdout)[1]).toMatch(/^SIGINT: closed after 1 connection, 10240 bytes echoed/);
    },
  );

  it('exits 1 with EADDRINUSE when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as { port: number };
    try {
      const r = await rosetta(['echo', 'serve', '--model', first, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^EADDRINUSE: /);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });
});

describe('rosetta echo client', () => {
  it('--json reports the messages, bytes and rate against a raw echo server', async () => {
    const peer = await startEchoFixture();
    try {
      const args = ['--port', String(peer.port), '--messages', '50', '--size', '100'];
      const r = await rosetta([
        'echo',
        'client',
        '--model',
        first,
        ...args,
        '--connections',
        '2',
        '--json',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({ model: first, messages: 100, bytes: 10_000, mismatches: 0 });
      expect(out.messagesPerSecond).toBeGreaterThan(0);
      expect(peer.stats().accepted).toBe(2);
    } finally {
      await peer.close();
    }
  });

  it('exits 1 with EPROTO when the echo comes back different', async () => {
    const peer = await startEchoFixture({ mode: 'corrupt', afterBytes: 5 });
    try {
      const r = await rosetta(['echo', 'client', '--model', first, '--port', String(peer.port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^EPROTO: /);
    } finally {
      await peer.close();
    }
  });
});

describe('rosetta bench', () => {
  it('hands its arguments to bench/dist/run.js and exits with its status', async () => {
    const direct = await collect(spawn(process.execPath, [BENCH, '--list']), 20_000);
    const viaCli = await rosetta(['bench', '--list']);
    expect(viaCli).toEqual(direct);
    expect(direct.code).toBe(0);
    const bad = await rosetta(['bench', '--no-such-flag']);
    expect(bad.code).toBe(2);
  });
});

/** Whether a TCP connect to 127.0.0.1:port (or host) is refused: nothing left listening. */
function refused(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
describe('rosetta --help', () => {
  it('documents the default deadlines, --timeout none, https and --json failures', async () => {
    const r = await rosetta(['fetch', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--timeout MS\|none/);
    expect(r.stdout).toMatch(/deadline 30000 ms per model/);
    expect(r.stdout).toMatch(/deadline 300000 ms per model/);
    expect(r.stdout).toMatch(/https: \(certificates verified/);
    expect(r.stdout).toContain('{"model": M, "error": {"code": C, "message": "..."}}');
  });
});

describe('rosetta: what nothing expected (in-process)', () => {
  /** A world whose only model's fetchPage throws a plain TypeError: a bug, not a task failure. */
  function buggy(debug: boolean): { io: Io; err: string[] } {
    const err: string[] = [];
    const real = models[0]!;
    const model = {
      ...real,
      fetchPage: () => {
        throw new TypeError('boom');
      },
    };
    return {
      err,
      io: {
        out: () => {},
        err: (l) => err.push(l),
        models: [model],
        untilSignal: () => new Promise(() => {}),
        spawn: () => Promise.resolve(1),
        debug,
      },
    };
  }

  it('is one line naming --debug and exit 1, never a stack trace', async () => {
    const { io, err } = buggy(false);
    expect(await main(['fetch', 'http://127.0.0.1:1/'], io)).toBe(1);
    expect(err).toEqual([
      'rosetta: unexpected error: boom (--debug or ROSETTA_DEBUG=1 shows the stack trace)',
    ]);
  });

  it('with --debug anywhere on the line, is the line and then the stack trace', async () => {
    const { io, err } = buggy(false);
    expect(await main(['fetch', '--debug', 'http://127.0.0.1:1/'], io)).toBe(1);
    expect(err[0]).toBe('rosetta: unexpected error: boom');
    expect(err[1]).toMatch(/^TypeError: boom\n\s+at /);
  });
});

describe("rosetta echo client: numbers are judged by the task's own domain (task-spec)", () => {
  it('exits 2 exactly when normalizeEchoClientOptions refuses the numbers, else runs with them', async () => {
    const seen: unknown[] = [];
    const stats = { messages: 0, bytes: 0, mismatches: 0 as const };
    const stub: ModelAdapter = {
      ...models[0]!,
      echoClient: (o) => {
        seen.push(o);
        return { result: Promise.resolve(stats), cancel: () => {} };
      },
    };
    const io: Io = {
      out: () => {},
      err: () => {},
      models: [stub],
      untilSignal: () => new Promise(() => {}),
      spawn: () => Promise.resolve(1),
    };
    const anyNumber = fc.oneof(
      fc.integer({ min: -5, max: 70_000 }),
      fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
      fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          port: anyNumber,
          messages: anyNumber,
          size: anyNumber,
          connections: anyNumber,
          timeout: anyNumber,
        }),
        async (n) => {
          seen.length = 0;
          const argv = ['echo', 'client', '--model', stub.name];
          for (const [flag, value] of Object.entries(n)) argv.push(`--${flag}=${value}`);
          const status = await main(argv, io);
          const checked = normalizeEchoClientOptions({
            port: n.port,
            messages: n.messages,
            size: n.size,
            connections: n.connections,
            timeoutMs: n.timeout,
          });
          expect(status).toBe(checked.error ? 2 : 0);
          if (!checked.error) {
            const { timeoutMs, ...rest } = checked.options;
            expect(seen).toEqual([{ ...rest, timeoutMs }]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('rosetta echo client, more', () => {
  it("--model all runs every model's client in turn, in the registry's order", async () => {
    const peer = await startEchoFixture();
    try {
      const r = await rosetta([
        'echo',
        'client',
        '--model',
        'all',
        '--port',
        String(peer.port),
        '--messages',
        '3',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(lines(r.stdout).map((l) => l.split(':')[0])).toEqual(names);
      for (const l of lines(r.stdout))
        expect(l).toMatch(/: 3 messages, 192 bytes, 0 mismatches in /);
      expect(peer.stats().accepted).toBe(names.length);
    } finally {
      await peer.close();
    }
  });

  it('on SIGINT cancels the running client, says how far it got, and exits 130', async () => {
    const peer = await startEchoFixture({ mode: 'hang' });
    try {
      const child = spawn(process.execPath, [
        CLI,
        'echo',
        'client',
        '--model',
        first,
        '--port',
        String(peer.port),
      ]);
      const done = collect(child, 20_000);
      await waitUntil(
        () => peer.stats().accepted,
        (n) => n > 0,
        15_000,
        'echo fixture',
      );
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(130);
      expect(lines(r.stderr)).toEqual([
        expect.stringMatching(new RegExp(`^ECANCELLED: .*\\(model ${first}\\)$`)),
        expect.stringMatching(
          new RegExp(`^SIGINT: stopped ${first}'s client after [\\d.]+ ms; 0 of 1 model done$`),
        ),
      ]);
    } finally {
      await peer.close();
    }
  });
});

describe('rosetta echo serve: stopping', () => {
  it('prints an IPv6 address in brackets: listening on [::1]:P', async () => {
    const { child, first: line, done } = await startServe(['--model', first, '--host', '::1']);
    expect(line).toMatch(/^listening on \[::1\]:\d+$/);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  });

  it('hostPort brackets any IPv6 address and leaves names and IPv4 alone', () => {
    expect(hostPort('::1', 9200)).toBe('[::1]:9200');
    expect(hostPort('fe80::1%lo', 1)).toBe('[fe80::1%lo]:1');
    expect(hostPort('127.0.0.1', 9200)).toBe('127.0.0.1:9200');
    expect(hostPort('localhost', 80)).toBe('localhost:80');
  });

  it("treats its parent's death as SIGHUP: prints its stats, exits 0, leaves nothing listening", async () => {
    // A parent that dies without passing a signal on (as npx does on SIGTERM): it starts
    // the server with our pipes as the server's stdout and stderr, then is SIGKILLed.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `require('child_process').spawn(process.execPath, ${JSON.stringify([CLI, 'echo', 'serve', '--model', first])}, { stdio: ['ignore', 'inherit', 'inherit'] }); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const done = collect(parent, 20_000); // ends when the last holder of the pipes, the server, exits
    const line = await new Promise<string>((resolve) =>
      parent.stdout?.once('data', (c: Buffer) => resolve(c.toString().split('\n')[0]!)),
    );
    const port = Number(/:(\d+)$/.exec(line)![1]);
    parent.kill('SIGKILL');
    const r = await done;
    expect(lines(r.stdout)[1]).toMatch(/^SIGHUP: closed after 0 connections, 0 bytes echoed/);
    expect(r.stderr).toBe('');
    expect(await refused(port)).toBe(true);
  });

  // pnpm itself takes a second of CPU to start: on a loaded machine, many seconds.
  it('through `pnpm rosetta`, SIGTERM to pnpm reaches the server: stats, exit 0, nothing left listening', async () => {
    const {
      child,
      first: line,
      done,
    } = await startServe(
      ['--model', first],
      ['pnpm', ['-s', 'rosetta', 'echo', 'serve'], { cwd: ROOT }],
    );
    const port = Number(/^listening on 127\.0\.0\.1:(\d+)$/.exec(line)![1]);
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[1]).toMatch(/^SIGTERM: closed after 0 connections/);
    expect(await refused(port)).toBe(true);
  }, 120_000);
});

describe('bench --report', () => {
  it.each([
    [
      'a file that is not there',
      'no-such-results.json',
      /^bench failed: cannot read no-such-results\.json: ENOENT/,
    ],
    [
      'a JSON file that is not a results file',
      'package.json',
      /^bench failed: package\.json is not a bench results file/,
    ],
  ])('fails on one line, exit 1, no stack trace, for %s', async (_, file, reason) => {
    const r = await collect(
      spawn(process.execPath, [BENCH, '--report', file], { cwd: ROOT }),
      20_000,
    );
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });
});

describe('the launcher (comparisons/bin/rosetta.js)', () => {
  it("runs the compiled command without rebuilding when nothing changed, with stdout the command's", async () => {
    const r = await collect(
      spawn(process.execPath, [join(ROOT, 'comparisons/bin/rosetta.js'), '--help']),
      20_000,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: rosetta/);
  });

  it('turns source maps on: with --debug, a stack trace names TypeScript source lines, not dist/', async () => {
    const port = await closedPort();
    const r = await collect(
      spawn(process.execPath, [
        join(ROOT, 'comparisons/bin/rosetta.js'),
        'fetch',
        `http://127.0.0.1:${port}/`,
        '--model',
        first,
        '--debug',
      ]),
      20_000,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ECONNREFUSED: /);
    expect(r.stderr).toMatch(/\n\s+at .*\/src\/[\w/.-]+\.ts:\d+:\d+\)?\n/);
    expect(r.stderr).not.toMatch(/dist\/cli\.js:\d+/);
  });

  it('isStale: true with no manifest, a missing bundle, or an input newer than the build', () => {
    const root = mkdtempSync(join(tmpdir(), 'rosetta-stale-'));
    try {
      const put = (path: string, at: number) => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), '');
        utimesSync(join(root, path), at, at);
      };
      expect(isStale(root)).toBe(true);
      put('src/a.ts', 1000);
      put('pnpm-lock.yaml', 1000);
      put('dist/cli.js', 2000);
      mkdirSync(dirname(join(root, MANIFEST)), { recursive: true });
      writeFileSync(
        join(root, MANIFEST),
        JSON.stringify({ outputs: ['dist/cli.js'], inputs: ['src/a.ts'] }),
      );
      utimesSync(join(root, MANIFEST), 2000, 2000);
      expect(isStale(root)).toBe(false);
      put('src/a.ts', 3000);
      expect(isStale(root)).toBe(true);
      put('src/a.ts', 1000);
      rmSync(join(root, 'dist/cli.js'));
      expect(isStale(root)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
