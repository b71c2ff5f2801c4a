/**
 * asyncio's Future model — short, bounded text for values and callbacks in messages.
 *
 * Contract: `formatCallback(fn, args)` renders `name(arg, …)` as asyncio's
 * `format_helpers._format_callback_source` does, and no rendering grows without bound (the job of
 * Python's `reprlib`), so "Exception in callback …" and Future `toString()` stay one short line.
 *
 * Lineage: asyncio `format_helpers.py` and `reprlib`.
 *
 * Read next: ./handles.ts.
 */
import { inspect } from 'node:util';

const MAX_LENGTH = 120;

/** A one-line, length-bounded rendering of any value (strings quoted, objects shallow). */
export function formatValue(value: unknown): string {
  const text = inspect(value, {
    depth: 0,
    breakLength: Number.POSITIVE_INFINITY,
    maxStringLength: 60,
    maxArrayLength: 6,
  });
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
}

/** `Name('message')` for an Error (asyncio prints `ValueError('message')`), else `formatValue`. */
export function formatException(exc: unknown): string {
  if (exc instanceof Error) return `${exc.name}(${formatValue(exc.message)})`;
  return formatValue(exc);
}

/** `callbackName(arg1, arg2)`: how handles and done-callbacks appear in messages. */
export function formatCallback(callback: Function, args: readonly unknown[]): string {
  const name = callback.name || '<anonymous>';
  return `${name}(${args.map(formatValue).join(', ')})`;
}
