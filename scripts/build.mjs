// Compiles the runnable entry points (the rosetta CLI, the bench runner and its
// server/load processes) to plain ES2022 JavaScript with esbuild: generators and
// async functions stay native, never down-levelled. Type checking is `pnpm typecheck`.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

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
].filter(([from]) => existsSync(from));

await Promise.all(
  entries.map(([entry, outfile, options = {}]) =>
    build({
      ...options,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'es2022',
      packages: 'bundle',
      // The report's tools stay in node_modules: a compiler, a highlighter and a browser driver.
      external: ['typescript', 'shiki', 'playwright-core', '@sparticuz/chromium'],
      sourcemap: true,
      logLevel: 'warning',
      write: false,
      // Some CommonJS dependencies (hdr-histogram-js) call require(); give the ESM bundle one.
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    }).then(({ outputFiles }) => outputFiles.forEach(writeAtomically)),
  ),
);

// Several test runs may build at once: a reader must never see a half-written bundle.
function writeAtomically({ path, contents }) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
