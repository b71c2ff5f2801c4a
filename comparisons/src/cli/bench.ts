/**
 * The rosetta command: `rosetta bench [args…]` hands every argument to the benchmark
 * harness, `node --enable-source-maps bench/dist/run.js`, with inherited stdio, and exits
 * with its status.
 * Read bench/README.md for the harness itself.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codedError } from '../fixtures/net-util.js';
import type { Io } from './io.js';

/** The harness, beside this bundle: comparisons/dist/cli.js → bench/dist/run.js. */
const RUNNER = fileURLToPath(new URL('../../bench/dist/run.js', import.meta.url));

/** Runs `rosetta bench`; resolves with the harness's exit status. */
export async function benchCommand(argv: string[], io: Io): Promise<number> {
  if (!existsSync(RUNNER)) throw codedError('ENOENT', `${RUNNER} is not built: run pnpm build`);
  // Source maps on, so a stack trace (ROSETTA_DEBUG=1) names the TypeScript lines.
  return io.spawn(process.execPath, ['--enable-source-maps', RUNNER, ...argv]);
}
