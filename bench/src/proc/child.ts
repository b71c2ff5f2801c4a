/**
 * Child processes that speak one JSON object a line: the bench runner starts the
 * echo servers, the fixture server and the load generators this way, so that a
 * server and its load never share a process (vmbench's method). Every child is
 * bounded in time: a deadline on every wait, and SIGKILL when it is exceeded.
 * Read lines.ts for the child side of the protocol.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A JSON-lines child: send commands on its stdin, wait for events on its stdout. */
export interface JsonChild {
  readonly pid: number;
  /** Resolves with the next message whose `event` is `event`; rejects on exit or after `timeoutMs`. */
  next<T = Record<string, unknown>>(event: string, timeoutMs: number): Promise<T>;
  send(message: Record<string, unknown>): void;
  /** Ends stdin (the child's cue to finish), then kills it if it is still alive after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The last stderr output, for error messages. */
  stderr(): string;
}

/** The directory of the compiled bundles (bench/dist), where every child entry lives. */
export const distDir = dirname(fileURLToPath(import.meta.url));

/**
 * Starts `bench/dist/<entry>.js` with `args` and `--expose-gc`.
 * @example const server = startChild('echo-server-process', ['--model', 'future']);
 *          const { port } = await server.next<{ port: number }>('listening', 10_000);
 */
export function startChild(entry: string, args: string[], execArgv: string[] = []): JsonChild {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', ...execArgv, join(distDir, `${entry}.js`), ...args],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const queue: Record<string, unknown>[] = [];
  const waiters: Array<{
    event: string;
    resolve: (m: Record<string, unknown>) => void;
    reject: (e: Error) => void;
  }> = [];
  let err = '';
  /** The message of the child's own `error` event, if it sent one before exiting. */
  let reported = '';
  let exited: Error | null = null;

  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err = (err + s).slice(-4000);
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.event === 'error') reported = String(message.message ?? '');
    const i = waiters.findIndex((w) => w.event === message.event);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(message);
    else queue.push(message);
  });
  const closed = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      const why = reported || err.trim().split('\n').slice(-3).join(' | ');
      exited = new Error(`${entry} exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`);
      for (const w of waiters.splice(0)) w.reject(exited);
      resolve();
    });
  });
  child.stdin?.on('error', () => {}); // the child may exit before reading everything we sent

  return {
    pid: child.pid ?? -1,
    next<T>(event: string, timeoutMs: number): Promise<T> {
      const i = queue.findIndex((m) => m.event === event);
      if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0] as T);
      if (exited) return Promise.reject(exited);
      return new Promise<T>((resolve, reject) => {
        const waiter = {
          event,
          resolve: (m: Record<string, unknown>) => {
            clearTimeout(timer);
            resolve(m as T);
          },
          reject: (e: Error) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          child.kill('SIGKILL');
          reject(
            new Error(
              `${entry}: no '${event}' within ${timeoutMs} ms${err ? `: ${err.trim()}` : ''}`,
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    send(message) {
      if (!exited) child.stdin?.write(`${JSON.stringify(message)}\n`);
    },
    async stop(graceMs = 5000) {
      if (!exited) child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await closed;
      clearTimeout(timer);
    },
    stderr: () => err,
  };
}
