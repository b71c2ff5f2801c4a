/**
 * The rosetta command: argument parsing shared by the commands, on `node:util` parseArgs.
 * Contract: every malformed argument becomes a UsageError with a one-line reason.
 * Read fetch.ts next.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { codedError } from '../fixtures/net-util.js';
import type { ModelAdapter } from '../models/contract.js';
import type { Io } from './io.js';
import { UsageError } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` strictly against `options`; unknown or malformed options are a UsageError. */
export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs adds a long hint after the first sentence; the reason is the first sentence.
    throw new UsageError((e instanceof Error ? e.message : String(e)).split(/\.\s/)[0]!);
  }
}

/** The integer value of option `name` within [min, max]; undefined when absent. */
export function integer(
  name: string,
  raw: string | undefined,
  { min, max = Number.MAX_SAFE_INTEGER }: { min: number; max?: number },
): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(Number.isSafeInteger(n) && n >= min && n <= max)) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

/** The models `--model` names: one by name, or every registered one for `all` when allowed. */
export function pickModels(io: Io, name: string | undefined, allowAll: boolean): ModelAdapter[] {
  if (io.models.length === 0) {
    throw codedError('ENOMODELS', 'no models are registered (comparisons/src/models/index.ts)');
  }
  if (name === undefined) throw new UsageError('--model is required');
  if (name === 'all' && allowAll) return [...io.models];
  const model = io.models.find((m) => m.name === name);
  if (!model) {
    const known = io.models.map((m) => m.name).join(', ');
    throw new UsageError(`unknown model '${name}' (known: ${known}${allowAll ? ', all' : ''})`);
  }
  return [model];
}
