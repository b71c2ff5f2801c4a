/**
 * The `rosetta` command (`pnpm rosetta …`): the demo tool for a talk and the
 * black-box interface of the project. This file binds the command to the real
 * process — stdout, stderr, signals, the model registry; the commands live in
 * src/cli/. Read cli/main.ts next.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { main } from './cli/main.js';
import { models } from './models/index.js';

// A reader that goes away (`rosetta … | head`) is not an error of the command.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const status = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  models,
  untilSignal: () =>
    new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
  spawn: (command, args) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { stdio: 'inherit' });
      child.on('error', (e) => {
        process.stderr.write(`${e.message}\n`);
        resolve(1);
      });
      child.on('exit', (code, signal) =>
        resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)),
      );
    }),
});
process.exitCode = status;
// A model that leaks a handle must not keep the command alive (its tests catch the leak).
setTimeout(() => process.exit(status), 2000).unref();
