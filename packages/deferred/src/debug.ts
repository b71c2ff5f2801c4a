/**
 * Twisted model — debugging state: the global switch and the per-Deferred record of who made
 * it, who fired it and which Failure it currently holds (what the unhandled-error report reads).
 * Contract: BEHAVIOURS.md 41, 42.
 * Lineage: twisted/internet/defer.py (setDebugging, getDebugging, DebugInfo).
 * Read next: unhandled.ts.
 */
import type { Failure } from './failure.js';

const state = { debugging: false };

/**
 * Turns the recording of creator and invoker stacks on or off for Deferreds made from now on.
 * Costly: for tests and debugging sessions only.
 *
 * @example
 * setDebugging(true);
 * const d = new Deferred();
 * d.callback(1);
 * d.callback(2); // AlreadyCalledError naming where d was created and first fired
 */
export function setDebugging(on: boolean): void {
  state.debugging = on;
}

/** Whether `setDebugging(true)` is in effect. */
export function getDebugging(): boolean {
  return state.debugging;
}

/** The current stack as text, without this helper's own frame and `skip` more. */
export function captureStack(skip = 0): string {
  const lines = (new Error().stack ?? '').split('\n');
  // line 0 is "Error", line 1 is captureStack itself
  return lines.slice(2 + skip).join('\n');
}

/**
 * What a Deferred remembers for diagnosis. It must never reference its Deferred: it is the held
 * value of the FinalizationRegistry that reports unhandled failures after the Deferred is gone.
 */
export class DebugInfo {
  creator: string | undefined = undefined;
  invoker: string | undefined = undefined;
  /** The Failure the Deferred ended its last run of callbacks with, or null. */
  failResult: Failure | null = null;
  /** Whether the Deferred is registered for the unhandled-error report. */
  watched = false;

  /** The creator/invoker stacks as Twisted prints them ("C:" and "I:" lines); '' when none. */
  describe(): string {
    let text = '';
    if (this.creator !== undefined)
      text += ` C: Deferred was created:\n${prefix(' C:', this.creator)}`;
    if (this.invoker !== undefined)
      text += ` I: First Invoker was:\n${prefix(' I:', this.invoker)}`;
    return text;
  }
}

function prefix(tag: string, stack: string): string {
  return stack
    .split('\n')
    .map((line) => `${tag}${line}\n`)
    .join('');
}
