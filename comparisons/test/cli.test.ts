/**
 * Tests of the `rosetta` command as users run it: the compiled CLI
 * (comparisons/dist/cli.js, built by vitest's globalSetup) in a real child process,
 * over whatever models the registry holds. Exit status 0 success, 1 the task failed
 * (`<code>: <message>` on stderr), 2 bad usage (a one-line reason, then the usage).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import {
  fixtureBytes,
  type HttpFixture,
  startEchoFixture,
  startHttpFixture,
} from '../src/fixtures/index.js';
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

/** Starts `rosetta echo serve …` and resolves with the child and its first stdout line. */
function startServe(
  args: string[],
): Promise<{ child: ChildProcess; first: string; done: Promise<Ran> }> {
  const child = spawn(process.execPath, [CLI, 'echo', 'serve', ...args]);
  const done = collect(child, 20_000);
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

/** Bad usage: exit 2, a one-line reason, then the usage; never a stack trace. */
function expectUsage(r: Ran, reason: RegExp): void {
  expect(r.code).toBe(2);
  const [first, second] = lines(r.stderr);
  expect(first).toMatch(/^rosetta: /);
  expect(first).toMatch(reason);
  expect(second).toMatch(/^usage: rosetta/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
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

  it('exits 1 with EINVAL for a well-formed URL of another scheme (the task refuses it)', async () => {
    const r = await rosetta(['fetch', 'ftp://127.0.0.1/file', '--model', first]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^EINVAL: /);
    expect(lines(r.stderr)).toHaveLength(1);
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
    ['a URL that does not parse', ['fetch', 'not a url'], /not a URL/],
    ['a missing URL', ['fetch'], /exactly one URL/],
    [
      'a bad number',
      ['fetch', 'http://127.0.0.1:1/', '--timeout', 'soon'],
      /--timeout must be an integer/,
    ],
    ['an unknown option', ['fetch', 'http://127.0.0.1:1/', '--bogus'], /Unknown option '--bogus'/],
    ['echo client without --port', ['echo', 'client', '--model', first], /--port is required/],
    [
      'echo serve with a port out of range',
      ['echo', 'serve', '--model', first, '--port', '70000'],
      /--port/,
    ],
    ['echo serve with --model all', ['echo', 'serve', '--model', 'all'], /unknown model 'all'/],
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
      expect(lines(r.stdout)[1]).toMatch(/^SIGINT: closed after 1 connections, 10240 bytes echoed/);
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
