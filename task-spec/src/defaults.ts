/**
 * SPEC.md's defaults, written once for every model (comparisons/SPEC.md T1–T4).
 * Lineage: none upstream. Read options.ts next, where each option's domain is decided.
 */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024;
export const DEFAULT_GRACE_MS = 1_000;
