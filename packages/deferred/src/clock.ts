/**
 * Twisted model — time: the scheduling interface a Deferred's addTimeout needs (`IReactorTime`),
 * the delayed call it hands out, and `Clock`, a fake reactor whose time moves only when told to.
 * Contract: BEHAVIOURS.md 28 (addTimeout on any IReactorTime); times are milliseconds; due calls
 * run in order of time, ties in scheduling order. The real reactor (reactor.ts) is the same shape.
 * Lineage: twisted/internet/interfaces.py (IReactorTime, IDelayedCall), twisted/internet/base.py
 * (DelayedCall) and twisted/internet/task.py (Clock).
 * Read next: deferred.ts (addTimeout).
 */
import { InvalidStateError } from './errors.js';

/** A call scheduled by `callLater`. */
export interface IDelayedCall {
  /** When it will run, on its reactor's `now()` scale (ms). */
  getTime(): number;
  /** Unschedules it; throws InvalidStateError if it already ran or was cancelled. */
  cancel(): void;
  /** True until it runs or is cancelled. */
  active(): boolean;
  /** Reschedules it to run `delayMs` from now. */
  reset(delayMs: number): void;
  /** Postpones it by `ms`. */
  delay(ms: number): void;
}

/** What a Deferred needs from a reactor to time itself out. */
export interface IReactorTime {
  /** The current time in ms. */
  now(): number;
  /** Runs `f(...args)` once, `delayMs` from now. */
  callLater<A extends unknown[]>(
    delayMs: number,
    f: (...args: A) => unknown,
    ...args: A
  ): IDelayedCall;
}

/** Hooks a scheduler gives its delayed calls. */
export interface DelayedCallHost {
  now(): number;
  /** The call was cancelled: forget it. */
  cancelled(call: DelayedCall): void;
  /** The call's time changed: reschedule it. */
  rescheduled(call: DelayedCall): void;
}

/**
 * A scheduled call, shared by `Clock` and the real reactor: the scheduler keeps the queue and
 * calls `run()` when the time comes.
 */
export class DelayedCall implements IDelayedCall {
  private time: number;
  private cancelled = false;
  private called = false;

  constructor(
    time: number,
    private readonly func: (...args: never[]) => unknown,
    private readonly args: readonly unknown[],
    private readonly host: DelayedCallHost,
  ) {
    this.time = time;
  }

  getTime(): number {
    return this.time;
  }

  active(): boolean {
    return !(this.cancelled || this.called);
  }

  cancel(): void {
    this.assertActive();
    this.cancelled = true;
    this.host.cancelled(this);
  }

  reset(delayMs: number): void {
    this.assertActive();
    this.time = this.host.now() + delayMs;
    this.host.rescheduled(this);
  }

  delay(ms: number): void {
    this.assertActive();
    this.time += ms;
    this.host.rescheduled(this);
  }

  /** For schedulers: marks the call done and runs it (its exceptions propagate to the caller). */
  run(): void {
    this.called = true;
    (this.func as (...args: unknown[]) => unknown)(...this.args);
  }

  private assertActive(): void {
    if (this.cancelled) throw new InvalidStateError('delayed call was already cancelled');
    if (this.called) throw new InvalidStateError('delayed call has already run');
  }
}

/**
 * A fake reactor clock for tests: `advance(ms)` moves time and runs every call that is due, in
 * order of time (ties in scheduling order).
 *
 * @example
 * const clock = new Clock();
 * const d = new Deferred().addTimeout(1000, clock);
 * clock.advance(1000); // d fails with TimeoutError
 */
export class Clock implements IReactorTime {
  private rightNow = 0;
  private readonly calls: DelayedCall[] = [];
  private readonly host: DelayedCallHost = {
    now: () => this.rightNow,
    cancelled: (call) => this.remove(call),
    rescheduled: (call) => {
      this.remove(call);
      this.insert(call);
    },
  };

  now(): number {
    return this.rightNow;
  }

  callLater<A extends unknown[]>(
    delayMs: number,
    f: (...args: A) => unknown,
    ...args: A
  ): IDelayedCall {
    const call = new DelayedCall(this.rightNow + delayMs, f, args, this.host);
    this.insert(call);
    return call;
  }

  /** The pending calls, soonest first. */
  getDelayedCalls(): readonly IDelayedCall[] {
    return [...this.calls];
  }

  /** Moves time forward by `ms` and runs the calls that are due. */
  advance(ms: number): void {
    this.rightNow += ms;
    for (
      let next = this.calls[0];
      next !== undefined && next.getTime() <= this.rightNow;
      next = this.calls[0]
    ) {
      this.calls.shift();
      next.run();
    }
  }

  /** `advance` once per entry of `timingsMs`. */
  pump(timingsMs: readonly number[]): void {
    for (const ms of timingsMs) this.advance(ms);
  }

  private insert(call: DelayedCall): void {
    let i = this.calls.length;
    while (i > 0 && this.calls[i - 1]!.getTime() > call.getTime()) i--;
    this.calls.splice(i, 0, call);
  }

  private remove(call: DelayedCall): void {
    const i = this.calls.indexOf(call);
    if (i >= 0) this.calls.splice(i, 1);
  }
}
