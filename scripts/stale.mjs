// Whether the compiled bundles are older than their sources: the cheap check the
// `rosetta` launcher makes on every call (a few hundred stat calls, no esbuild).
// Contract: `isStale(root)` is true when the manifest that scripts/build.mjs writes is
// missing, or a bundle it lists is missing, or any input it lists (or the lockfile) is
// newer than the manifest or gone. No dependencies, so the launcher loads it in a blink.
// Lineage: make(1)'s rule — rebuild a target older than any of its prerequisites.
// Read scripts/build.mjs next.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where scripts/build.mjs lists what it built and from what, relative to the repository root. */
export const MANIFEST = 'comparisons/dist/build-manifest.json';

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone: treat as changed
  }
}

/** True when the bundles under `root` must be rebuilt before they are run. */
export function isStale(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8'));
  } catch {
    return true;
  }
  const built = mtime(join(root, MANIFEST));
  if (manifest.outputs.some((p) => mtime(join(root, p)) === Number.POSITIVE_INFINITY)) return true;
  return [...manifest.inputs, 'pnpm-lock.yaml'].some((p) => mtime(join(root, p)) > built);
}
