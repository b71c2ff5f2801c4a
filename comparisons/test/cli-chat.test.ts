/**
 * Tests of `rosetta chat serve` as users run it: the compiled CLI (comparisons/dist/cli.js,
 * built by vitest's globalSetup) in a real child process, with raw `node:net` clients as
 * `nc` would be (support/chat-peer.ts). It prints `listening on H:P`, serves every model's
 * chat room until SIGINT/SIGTERM, says `* server closing` to every client, prints its stats
 * and exits 0; bad usage exits 2, a port in use exits 1. Read cli.test.ts for the rest.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELP_HINT } from '../src/cli/usage.js';
import { models } from '../src/models/index.js';
import { ChatPeer } from './support/chat-peer.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const names = models.map((m) => m.name);
const first = names[0] ?? '(no model registered)';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess, timeoutMs = 20_000): Promise<Ran> {
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

function rosetta(args: string[]): Promise<Ran> {
  return collect(spawn(process.execPath, [CLI, ...args]));
}

/** Starts `rosetta chat serve …`; resolves with the child and its first stdout line. */
function startChat(
  args: string[],
): Promise<{ child: ChildProcess; first: string; done: Promise<Ran> }> {
  const child = spawn(process.execPath, [CLI, 'chat', 'serve', ...args]);
  const done = collect(child);
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
    done.then((r) => reject(new Error(`chat serve exited early: ${JSON.stringify(r)}`)));
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('rosetta chat serve', () => {
  it.each(names)(
    '--model %s prints its address, runs a room for raw clients, and on SIGINT says goodbye and prints its stats',
    async (name) => {
      const { child, first: line, done } = await startChat(['--model', name]);
      const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      expect(match).not.toBeNull();
      const port = Number(match![1]);
      const ann = await ChatPeer.join(port, 'ann');
      const bob = await ChatPeer.connect(port);
      try {
        bob.send('ann\n');
        await bob.expect('* name taken');
        bob.send('bob\r\n'); // as `nc -C` sends it
        await bob.expect('* you are bob');
        await ann.expect('* bob joined');
        ann.send('hello, bob\n');
        await bob.expect('ann: hello, bob');
        bob.send(`${'x'.repeat(2000)}\nbye\n`);
        await bob.expect('* line too long');
        await ann.expect('bob: bye');
        child.kill('SIGINT');
        expect(await ann.rest()).toEqual(['* server closing']);
        expect(await bob.rest()).toEqual(['* server closing']);
        const r = await done;
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(lines(r.stdout)[1]).toMatch(
          /^SIGINT: closed after 2 connections, 2 lines relayed, 0 dropped, peak \d+ bytes queued$/,
        );
      } finally {
        ann.destroy();
        bob.destroy();
        child.kill('SIGKILL');
      }
    },
  );

  it('--json prints the address, then on SIGTERM the stats as JSON', async () => {
    const {
      child,
      first: line,
      done,
    } = await startChat(['--model', first, '--port', '0', '--json']);
    const address = JSON.parse(line) as { host: string; port: number };
    expect(address.host).toBe('127.0.0.1');
    const ann = await ChatPeer.join(address.port, 'ann');
    const bob = await ChatPeer.join(address.port, 'bob');
    try {
      await ann.expect('* bob joined');
      bob.socket.end(); // leaves by ending its stream
      await ann.expect('* bob left');
      child.kill('SIGTERM');
      expect(await ann.rest()).toEqual(['* server closing']);
      const r = await done;
      expect(r.code).toBe(0);
      expect(JSON.parse(lines(r.stdout)[1]!)).toEqual({
        signal: 'SIGTERM',
        connections: 2,
        linesRelayed: 0,
        dropped: 0,
        peakQueuedBytes: expect.any(Number),
      });
    } finally {
      ann.destroy();
      bob.destroy();
      child.kill('SIGKILL');
    }
  });

  it('exits 1 with EADDRINUSE when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as { port: number };
    try {
      const r = await rosetta(['chat', 'serve', '--model', first, '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^EADDRINUSE: /);
    } finally {
      await new Promise<void>((r) => taken.close(() => r()));
    }
  });

  it.each([
    ['chat without serve', ['chat'], /chat needs serve/],
    ['an unknown chat command', ['chat', 'shout'], /unknown chat command 'shout'/],
    ['a port out of range', ['chat', 'serve', '--model', first, '--port', '70000'], /--port/],
    ['--model all', ['chat', 'serve', '--model', 'all'], /runs one model: pick one of/],
    ['no --model', ['chat', 'serve'], /--model is required/],
  ])(
    'exits 2 with a one-line reason and a line pointing at --help for %s',
    async (_, args, reason) => {
      const r = await rosetta(args as string[]);
      expect(r.code).toBe(2);
      const [line, ...rest] = lines(r.stderr);
      expect(line).toMatch(/^rosetta: /);
      expect(line).toMatch(reason as RegExp);
      expect(rest).toEqual([HELP_HINT]);
      expect(r.stdout).toBe('');
    },
  );

  it('lists chat serve in --help', async () => {
    const r = await rosetta(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chat serve --model M [--host H] [--port P] [--json]');
  });
});
