// Compiles the runnable entry points (the rosetta CLI, the bench runner and its
// server/load processes) to plain ES2022 JavaScript with esbuild: generators and
// async functions stay native, never down-levelled. Type checking is `pnpm typecheck`.
// Beside the bundles it writes the list of every source file they were built from
// (scripts/stale.mjs), so the `rosetta` command rebuilds only when a source changed.
// It runs once at install (the root package's `prepare`), before the tests, and on
// first use after a source changed. Read scripts/stale.mjs and comparisons/bin/rosetta.js next.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { MANIFEST } from './stale.mjs';

const entries = [
  ['comparisons/src/cli.ts', 'comparisons/dist/cli.js'],
  // `rosetta report` loads this bundle only when asked (comparisons/src/cli/report.ts)
  ['comparisons/src/report/command.ts', 'comparisons/dist/report.js'],
  // keepNames: the probe prints stack traces, whose frames must carry the sources' names
  ['comparisons/src/report/probe.ts', 'comparisons/dist/report-probe.js', { keepNames: true }],
  ['bench/src/run.ts', 'bench/dist/run.js'],
  ['bench/src/echo-server-process.ts', 'bench/dist/echo-server-process.js'],
  ['bench/src/fixture-server-process.ts', 'bench/dist/fixture-server-process.js'],
  ['bench/src/load-process.ts', 'bench/dist/load-process.js'],
].filter(([from]) => existsSync(new URL(`../${from}`, import.meta.url)));

// Paths here and in the manifest are relative to the repository root, wherever this runs from.
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const results = await Promise.all(
  entries.map(([entry, outfile, options = {}]) =>
    build({
      ...options,
      entryPoints: [entry],
      outfile,
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'es2022',
      packages: 'bundle',
      // The report's tools stay in node_modules: a compiler, a highlighter and a browser driver.
      external: ['typescript', 'shiki', 'playwright-core', '@sparticuz/chromium'],
      sourcemap: true,
      metafile: true,
      logLevel: 'warning',
      write: false,
      // Some CommonJS dependencies (hdr-histogram-js) call require(); give the ESM bundle one.
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    }).then(({ outputFiles, metafile }) => {
      outputFiles.forEach(writeAtomically);
      return Object.keys(metafile.inputs);
    }),
  ),
);

// Written last: a manifest newer than every bundle and every input says the build is whole.
const inputs = [...new Set(results.flat())].filter((p) => !p.includes('node_modules/')).sort();
const outputs = entries.map(([, outfile]) => outfile);
writeAtomically({
  path: MANIFEST,
  contents: `${JSON.stringify({ outputs, inputs: [...inputs, 'scripts/build.mjs'] }, null, 2)}\n`,
});

// Several test runs may build at once: a reader must never see a half-written bundle.
function writeAtomically({ path, contents }) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
