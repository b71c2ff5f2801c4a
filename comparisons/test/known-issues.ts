/**
 * Known issues of the conformance suite: where a model cannot meet a point of
 * comparisons/SPEC.md, and why. A listed test still runs, as `it.fails` with the
 * reason in its title, so the day the model is fixed the suite says so; nothing
 * is ever skipped silently. Read support/run.ts for how entries are applied.
 *
 * Shape: `knownIssues[modelName][key] = reason`, where `key` is either a point
 * id ('T1.9': every test of that point) or one test's full title
 * ('T1.9 fails with EPROTO on a malformed chunk': that test only).
 *
 * @example
 * export const knownIssues: KnownIssues = {
 *   deferred: { 'T3.4': 'the reactor buffers without limit (no pauseProducing yet)' },
 * };
 */
export type KnownIssues = Record<string, Record<string, string>>;

export const knownIssues: KnownIssues = {};
