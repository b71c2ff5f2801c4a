#!/usr/bin/env node
// The `rosetta` executable (`pnpm rosetta`, `pnpm exec rosetta`, `npx rosetta`, or
// `node comparisons/bin/rosetta.js`): a launcher kept as plain JavaScript so that it
// exists before anything is built (pnpm links it at install). Contract: rebuilds the
// bundles only when a source is newer than the last build (scripts/stale.mjs), with the
// build's output on stderr so stdout stays the command's; turns on source maps so a
// stack trace names TypeScript lines; then runs the compiled command in this same
// process, so signals reach it directly. Read comparisons/src/cli.ts next.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isStale } from '../../scripts/stale.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
if (isStale(root)) {
  const built = spawnSync(process.execPath, [`${root}scripts/build.mjs`], {
    stdio: ['ignore', 2, 2],
  });
  if (built.status !== 0) {
    process.stderr.write('rosetta: the build failed (node scripts/build.mjs)\n');
    process.exit(1);
  }
}
process.setSourceMapsEnabled(true);
await import('../dist/cli.js');
