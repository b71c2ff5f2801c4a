// Builds the compiled bundles (the rosetta CLI, the bench entry points) once before
// the tests, so tests that run them as real child processes run what users run.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
