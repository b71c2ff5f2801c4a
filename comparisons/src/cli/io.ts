/**
 * The rosetta command: what a command sees of the world — where to print, which
 * models exist, how to wait for a stop signal. Contract: commands never touch
 * `process` directly, so they can be driven in-process as well as from a shell.
 * Read main.ts next.
 */
import type { ModelAdapter } from '../models/contract.js';

export interface Io {
  /** Prints one line to standard output. */
  out(line: string): void;
  /** Prints one line to standard error. */
  err(line: string): void;
  /** The registered models (comparisons/src/models/index.ts). */
  models: readonly ModelAdapter[];
  /**
   * Resolves with the name of the first SIGINT, SIGTERM or SIGHUP (the parent's death
   * counts as SIGHUP); every call shares that one first signal.
   */
  untilSignal(): Promise<string>;
  /** Runs a child process with inherited stdio; resolves with its exit status. */
  spawn(command: string, args: string[]): Promise<number>;
  /** Print the stack trace of an unexpected error too (`--debug`, ROSETTA_DEBUG=1). */
  debug?: boolean;
}

/** A failure of the task or of the command, with a code for the `<code>: <message>` line. */
export interface Coded {
  code?: unknown;
  message?: unknown;
}

/** The `{code, message}` of any thrown value, the message on one line. */
export function errorParts(e: unknown): { code: string; message: string } {
  const { code, message } = (typeof e === 'object' && e !== null ? e : {}) as Coded;
  const text = (typeof message === 'string' ? message : String(e)).replace(/\s+/g, ' ').trim();
  return { code: typeof code === 'string' ? code : 'ERROR', message: text };
}

/** `<code>: <message>` for any thrown value, on one line. */
export function describeError(e: unknown): string {
  const { code, message } = errorParts(e);
  return `${code}: ${message}`;
}

/** Whether `e` carries a string `code`: a failure the command expects, not a bug. */
export function hasCode(e: unknown): boolean {
  return typeof (e as Coded | null)?.code === 'string';
}

/**
 * One model's failure: `<code>: <message> (model M)` on stderr, or with `--json`
 * `{"model": M, "error": {"code": C, "message": "…"}}` on stdout, where a JSON reader looks;
 * with --debug, its stack trace on stderr too.
 */
export function printFailure(io: Io, json: boolean | undefined, model: string, e: unknown): void {
  if (json) io.out(JSON.stringify({ model, error: errorParts(e) }));
  else io.err(`${describeError(e)} (model ${model})`);
  if (io.debug && e instanceof Error && e.stack) io.err(e.stack);
}

/** `host:port`, with an IPv6 address in brackets (`[::1]:9200`), as in a URL. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `1 connection`, `2 connections`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
