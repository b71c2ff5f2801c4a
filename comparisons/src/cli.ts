/**
 * The `rosetta` command (`pnpm rosetta …`, run through comparisons/bin/rosetta.js): the
 * demo tool for a talk and the black-box interface of the project. This file binds the
 * command to the real process — stdout, stderr, signals, the model registry; the
 * commands live in src/cli/.
 * Contract: a stop signal (SIGINT, SIGTERM, SIGHUP) is caught once and every later one
 * is ignored: Ctrl-C reaches both pnpm and this process, and pnpm forwards it again.
 * When the parent dies without passing a signal on (npx, a killed shell) its death
 * counts as SIGHUP, so a server is never left orphaned and listening. Anything thrown
 * past the commands is one line on stderr and exit 1 (the trace with --debug or
 * ROSETTA_DEBUG=1). Read cli/main.ts next.
 */
import { spawn } from 'node:child_process';
import { signalStatus } from './cli/interrupt.js';
import { main, reportError } from './cli/main.js';
import { models } from './models/index.js';

const argv = process.argv.slice(2);
const debug = process.env.ROSETTA_DEBUG === '1' || argv.includes('--debug');
const err = (line: string) => process.stderr.write(`${line}\n`);

// A reader that goes away (`rosetta … | head`) is not an error of the command.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
// A throw or rejection no command caught (a model's stray callback): one line, exit 1.
process.on('uncaughtException', (e) => process.exit(reportError(e, { err, debug })));

/** How often the command looks whether its parent is still there. */
const PARENT_POLL_MS = 500;
let firstSignal: Promise<string> | undefined;

/** The first stop signal, caught once for the life of the process. */
function untilSignal(): Promise<string> {
  firstSignal ??= new Promise((resolve) => {
    const stop = (signal: string) => resolve(signal); // later calls change nothing
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('SIGHUP');
    }, PARENT_POLL_MS).unref();
  });
  return firstSignal;
}

const status = await main(argv, {
  out: (line) => process.stdout.write(`${line}\n`),
  err,
  models,
  debug,
  untilSignal,
  spawn: (command, args) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { stdio: 'inherit' });
      // A signal sent to this process alone (not to the terminal's group) reaches the child too.
      const pass = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', pass);
      process.on('SIGTERM', pass);
      child.on('error', (e) => {
        err(`${e.message}`);
        resolve(1);
      });
      child.on('exit', (code, signal) => {
        process.off('SIGINT', pass);
        process.off('SIGTERM', pass);
        resolve(code ?? signalStatus(signal ?? ''));
      });
    }),
});
process.exitCode = status;
// A model that leaks a handle must not keep the command alive (its tests catch the leak).
setTimeout(() => process.exit(status), 2000).unref();
