// One vitest run over every package: each model's own semantic tests, the shared
// conformance suite in comparisons/test, and the bench smoke test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'comparisons/test/**/*.test.ts',
      'task-spec/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
    ],
    // forks, so that --expose-gc reaches the tests of unhandled-error reporting
    // (Deferred's "Unhandled error in Deferred", Future's "exception was never retrieved").
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
