// Types of scripts/stale.mjs, for the TypeScript tests that check the launcher's staleness rule.
/** Where scripts/build.mjs lists what it built and from what, relative to the repository root. */
export const MANIFEST: string;
/** True when the bundles under `root` must be rebuilt before they are run. */
export function isStale(root: string): boolean;
