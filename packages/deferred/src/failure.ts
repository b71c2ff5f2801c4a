/**
 * Twisted model — Failure: whatever was thrown, wrapped so that it can travel down an errback
 * chain as a value; errbacks inspect it (`check`), filter it (`trap`) or re-throw it
 * (`raiseException`). JavaScript can throw anything, so `value` is `unknown`.
 * Contract: BEHAVIOURS.md 5, 6, 8.
 * Lineage: twisted/python/failure.py (Failure).
 * Read next: deferred.ts.
 */
import { captureStack, getDebugging } from './debug.js';

/** A class to match a failure against (`check`/`trap`), or the `name` of one. */
export type ErrorType = (abstract new (...args: never[]) => unknown) | string;

/**
 * An error on its way down an errback chain.
 *
 * @example
 * d.addErrback((f: Failure) => {
 *   f.trap(CancelledError); // anything else is re-thrown, unchanged, to the next errback
 *   return 'cancelled';
 * });
 */
export class Failure {
  /** What was thrown (an Error, usually — but anything can be thrown). */
  readonly value: unknown;
  private stackText: string | undefined;

  constructor(value: unknown) {
    this.value = value;
    // A thrown non-Error carries no stack; under debugging, record where it was wrapped.
    this.stackText = !(value instanceof Error) && getDebugging() ? captureStack(1) : undefined;
  }

  /** `thrown` itself if it is already a Failure, else a new Failure wrapping it. */
  static from(thrown: unknown): Failure {
    return thrown instanceof Failure ? thrown : new Failure(thrown);
  }

  /** The class of `value` (`String`, `Number`… for thrown primitives; undefined for null/undefined). */
  get type(): Function | undefined {
    return this.value === null || this.value === undefined
      ? undefined
      : (Object(this.value) as object).constructor;
  }

  /**
   * The first of `types` that `value` is an instance of (a string matches a class `name` anywhere
   * on the prototype chain, or `value.name`), or null.
   */
  check<const E extends ErrorType[]>(...types: E): E[number] | null {
    for (const type of types) if (matches(this.value, type)) return type;
    return null;
  }

  /**
   * Like `check`, but when nothing matches re-throws `value` itself — in an errback this passes
   * the same error on down the chain.
   */
  trap<const E extends ErrorType[]>(...types: E): E[number] {
    const found = this.check(...types);
    if (found === null) this.raiseException();
    return found;
  }

  /** Throws the wrapped value (not the Failure). */
  raiseException(): never {
    throw this.value;
  }

  /** The error's message, or the thrown value as a string. */
  getErrorMessage(): string {
    const value = this.value;
    if (value instanceof Failure) return value.getErrorMessage();
    if (value instanceof Error) return value.message;
    try {
      return String(value);
    } catch {
      return '<unprintable value>';
    }
  }

  /**
   * Fixes the stack as text now. V8 keeps a thrown Error's frames (functions and receivers)
   * alive until `stack` is first read; reading it releases them, as Twisted's cleanFailure drops
   * frame objects before a Failure is stored.
   */
  cleanFailure(): void {
    if (this.stackText === undefined && this.value instanceof Error)
      this.stackText = this.value.stack;
  }

  /** A printable traceback: the error's stack when there is one, else its type and message. */
  getTraceback(): string {
    this.cleanFailure();
    if (this.stackText !== undefined && this.value instanceof Error) return this.stackText;
    const head = `${this.type?.name ?? String(this.value)}: ${this.getErrorMessage()}`;
    return this.stackText === undefined ? head : `${head}\n${this.stackText}`;
  }

  toString(): string {
    return `[Failure instance: ${this.getTraceback()}]`;
  }
}

function matches(value: unknown, type: ErrorType): boolean {
  if (value === null || value === undefined) return false;
  const object = Object(value) as { name?: unknown };
  if (typeof type !== 'string') return object instanceof type;
  if (object.name === type) return true;
  for (let p = Object.getPrototypeOf(object); p !== null; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, 'constructor') && (p.constructor as Function).name === type) return true;
  }
  return false;
}
