/**
 * The rosetta command: argument parsing shared by the commands, on `node:util` parseArgs.
 * Contract: every malformed argument becomes a UsageError with a one-line reason. The
 * command line only spells numbers; whether a number is in its option's domain is
 * decided by the task's own normaliser from task-spec (comparisons/SPEC.md,
 * "Arguments"), whose EINVAL becomes the UsageError here, naming the flag.
 * Read fetch.ts next.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Checked } from '@async-rosetta/task-spec';
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

/** A decimal number as people type it: digits, an optional fraction and exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number option `name` spells; undefined when absent. Its domain is the task's to check. */
export function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!DECIMAL.test(raw)) throw new UsageError(`--${name} must be a number, got '${raw}'`);
  return Number(raw);
}

/** `--timeout`: `none` for no deadline, else milliseconds; `fallback` when absent. */
export function deadline(raw: string | undefined, fallback: number): number | undefined {
  if (raw === 'none') return undefined;
  return number('timeout', raw) ?? fallback;
}

/**
 * The integer value of option `name` within [min, max]; undefined when absent. For a
 * command's own numbers only: a task's options are judged by its normaliser (`inDomain`).
 */
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

/**
 * The task's normalised options, or its EINVAL as a UsageError whose option names are
 * the command's flags (`flags` maps a task option to its flag: timeoutMs → timeout).
 */
export function inDomain<T>(checked: Checked<T>, flags: Record<string, string>): T {
  if (checked.error === undefined) return checked.options;
  // The normaliser's message starts with the option's name (`size must be …`,
  // `connections × size must be …`): name the flags the user typed instead.
  const reason = checked.error.message.replace(
    /(^|× )(\w+)(?= )/g,
    (whole, before: string, option: string) =>
      Object.hasOwn(flags, option) ? `${before}--${flags[option]}` : whole,
  );
  throw new UsageError(reason);
}

/** The models `--model` names: one by name, or every registered one for `all` when allowed. */
export function pickModels(io: Io, name: string | undefined, allowAll: boolean): ModelAdapter[] {
  if (io.models.length === 0) {
    throw codedError('ENOMODELS', 'no models are registered (comparisons/src/models/index.ts)');
  }
  const known = io.models.map((m) => m.name).join(', ');
  if (name === undefined) throw new UsageError(`--model is required (one of: ${known})`);
  if (name === 'all' && allowAll) return [...io.models];
  if (name === 'all') throw new UsageError(`this command runs one model: pick one of ${known}`);
  const model = io.models.find((m) => m.name === name);
  if (!model) {
    throw new UsageError(`unknown model '${name}' (known: ${known}${allowAll ? ', all' : ''})`);
  }
  return [model];
}
