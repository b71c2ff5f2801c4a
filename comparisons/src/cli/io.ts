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
  /** Resolves with the name of the first SIGINT or SIGTERM. */
  untilSignal(): Promise<string>;
  /** Runs a child process with inherited stdio; resolves with its exit status. */
  spawn(command: string, args: string[]): Promise<number>;
}

/** A failure of the task or of the command, with a code for the `<code>: <message>` line. */
export interface Coded {
  code?: unknown;
  message?: unknown;
}

/** `<code>: <message>` for any thrown value, on one line. */
export function describeError(e: unknown): string {
  const { code, message } = (typeof e === 'object' && e !== null ? e : {}) as Coded;
  const text = (typeof message === 'string' ? message : String(e)).replace(/\s+/g, ' ').trim();
  return `${typeof code === 'string' ? code : 'ERROR'}: ${text}`;
}
