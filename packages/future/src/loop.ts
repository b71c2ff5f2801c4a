/**
 * asyncio's Future model — EventLoop, an asyncio-shaped event loop facade over Node's own loop.
 *
 * Contract: callbacks given to `callSoon` run FIFO, one batch per loop iteration (a callback
 * scheduled while a batch runs waits for the next iteration); timers (`callLater`/`callAt`) run
 * in order of due time on one monotonic millisecond clock; an exception thrown by a callback goes
 * to the replaceable exception handler and never stops the loop.
 *
 * How it sits on Node (the decisions behind point 14 of ../BEHAVIOURS.md):
 * - Node's own loop is always running and nothing may block it, so this loop DRIVES ITSELF: when
 *   callbacks are ready it is woken by a `setImmediate`, and it keeps one Node `setTimeout` armed
 *   for its earliest timer. A new loop is therefore running from construction;
 *   `runForever()`/`runUntilComplete()` do not block, they return Promises.
 * - One Node turn runs many iterations, as asyncio's `run_forever` calls `_run_once` back to
 *   back: after a batch, the next iteration starts at once while callbacks are ready, until the
 *   turn's budget is spent — `MAX_ITERATIONS_PER_TURN` iterations or `MAX_TURN_MS` of wall time
 *   (checked between iterations) — then the loop yields to Node, which polls I/O and runs its
 *   timers and microtasks, and resumes in a `setImmediate`. Each iteration is still exactly
 *   asyncio's (the batch is what was ready when it began, due timers in due order behind it).
 *   The one difference: asyncio polls its selector (timeout 0) before every iteration; here I/O
 *   (and Node's microtasks) are seen between turns, i.e. every budget's worth of iterations.
 * - `isRunning()`: true while the loop dispatches on its own, i.e. from construction until
 *   `stop()` or `close()`, and again after `runForever()`/`runUntilComplete()`.
 * - `stop()`: as asyncio, the current iteration (batch) finishes, then the loop stops dispatching;
 *   ready callbacks and timers stay queued until `runForever()`/`runUntilComplete()` resume it.
 *   Pending `runForever()` Promises resolve; pending `runUntilComplete(f)` Promises reject with
 *   "Event loop stopped before Future completed." unless `f` is done by then.
 * - `runUntilComplete(f)`: resumes dispatching if stopped and returns a Promise of `f`'s result.
 *   Unlike asyncio it does not stop the loop when `f` completes (the loop is shared with every
 *   other user in the process), and several may be pending at once (asyncio would raise "This
 *   event loop is already running": there is no blocking call here to nest).
 * - `close()`: drops every pending handle and timer (never run, yet not `cancelled()`, as in
 *   asyncio), cancels executor jobs and terminates the worker pool; afterwards `callSoon`/
 *   `callLater`/`callAt`/`runInExecutor` throw "Event loop is closed". Like asyncio it refuses
 *   to close from inside one of its own callbacks.
 * - `callSoonThreadsafe` (BEHAVIOURS.md point 15): JavaScript has no second thread that could
 *   touch this loop; a worker thread talks to it only by message, and the message arrives as a
 *   Node callback on this thread. So "threadsafe" here means "safe from any context outside a loop batch": a Node
 *   I/O callback, a microtask, a worker's message handler. It queues exactly like `callSoon` and
 *   wakes the loop; the executor delivers worker results through it, as asyncio does.
 *
 * Lineage: asyncio `base_events.py` (`BaseEventLoop`: `call_soon`, `call_later`, `call_at`,
 * `_run_once`, `call_exception_handler`, `run_in_executor`) and `events.py`
 * (`get_event_loop`/`set_event_loop`), PEP 3156.
 *
 * Read next: ./test-loop.ts (the virtual clock), ./executor.ts.
 */
import { WorkerPool } from './executor.js';
import { Future } from './future.js';
import { Handle, TimerHandle } from './handles.js';
import { ensureFuture } from './interop.js';
import { createConnection as createNetConnection } from './net/connect.js';
import type { Protocol } from './net/protocols.js';
import { createServer as createNetServer, type Server } from './net/server.js';
import type { Transport } from './net/transport.js';
import { formatValue } from './repr.js';
import { TimerQueue } from './timer-queue.js';

/**
 * What the exception handler is told: `message` always; `exception`, `future`, `handle` when they
 * apply; other keys (`transport`, `protocol`, `socket`, …) as asyncio's own callers add them.
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: Future<unknown>;
  handle?: Handle;
  [key: string]: unknown;
}

/** A replacement for the default exception handler (asyncio's `set_exception_handler`). */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/** Options of `new EventLoop()`. */
export interface EventLoopOptions {
  /** Maximum number of worker threads of the `runInExecutor` pool (default: min(4, CPUs)). */
  executorWorkers?: number;
}

// Like asyncio's MAXIMUM_SELECT_TIMEOUT: a far timer is re-armed daily, and Node's setTimeout
// (which turns delays over 2^31-1 ms into 1 ms) never sees a huge delay.
const MAX_NODE_TIMEOUT_MS = 24 * 3600 * 1000;

/**
 * The budget of one Node turn: the loop runs at most this many iterations back to back before it
 * yields to Node so that I/O is polled (asyncio polls before every iteration; see the header).
 */
export const MAX_ITERATIONS_PER_TURN = 1000;
/** …and yields sooner once this much wall time has gone by in the turn (checked between iterations). */
export const MAX_TURN_MS = 4;

// asyncio purges cancelled timers from its heap when they are both many and the majority.
const MIN_CANCELLED_TIMERS_TO_PURGE = 100;

const AsyncFunctionProto = Object.getPrototypeOf(async () => {});
const GeneratorFunctionProto = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionProto = Object.getPrototypeOf(async function* () {});

/** asyncio's `_check_callback`: a plain function, not a coroutine-like one. */
function checkCallback(callback: unknown, method: string): void {
  if (typeof callback !== 'function') {
    throw new TypeError(
      `a callable object was expected by ${method}(), got ${formatValue(callback)}`,
    );
  }
  const proto = Object.getPrototypeOf(callback);
  if (
    proto === AsyncFunctionProto ||
    proto === GeneratorFunctionProto ||
    proto === AsyncGeneratorFunctionProto
  ) {
    throw new TypeError(`coroutines cannot be used with ${method}()`);
  }
}

/**
 * An asyncio-style event loop over Node's loop: `callSoon`, `callLater`, `callAt`, Futures, an
 * exception handler, and a worker-thread executor.
 *
 * @example
 * ```ts
 * const loop = new EventLoop();
 * loop.callSoon(() => console.log('first iteration'));
 * loop.callLater(20, () => console.log('20 ms later'));
 * const f = loop.createFuture<number>();
 * loop.callLater(30, () => f.setResult(42));
 * console.log(await loop.runUntilComplete(f)); // 42
 * loop.close();
 * ```
 */
export class EventLoop {
  /** Callbacks for the next iteration, in FIFO order. */
  protected _ready: Handle[] = [];
  protected readonly _scheduled = new TimerQueue();
  private _timerCancelledCount = 0;
  private _closed = false;
  /** stop() was called: the next iteration is the last before dispatch pauses. */
  private _stopping = false;
  /** Dispatch is paused (after stop()) until runForever()/runUntilComplete(). */
  private _stopped = false;
  /** True while a batch runs: callbacks queued now belong to the next iteration. */
  private _dispatching = false;
  private _immediate: ReturnType<typeof setImmediate> | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _timerWhen = Number.POSITIVE_INFINITY;
  private _exceptionHandler: ExceptionHandler | null = null;
  /** Called when the loop stops or closes (pending runForever/runUntilComplete Promises). */
  private readonly _stopWaiters = new Set<() => void>();
  private _executor: WorkerPool | null = null;
  private readonly _executorWorkers: number | undefined;
  private readonly _executorFutures = new Set<Future<unknown>>();
  private readonly _onImmediate = (): void => {
    this._immediate = null;
    this._iterate();
  };
  private readonly _onTimer = (): void => {
    this._timer = null;
    this._timerWhen = Number.POSITIVE_INFINITY;
    this._iterate();
  };

  constructor(opts?: EventLoopOptions) {
    this._executorWorkers = opts?.executorWorkers;
  }

  /** The loop's clock in milliseconds: monotonic, `performance.now()` based. */
  time(): number {
    return performance.now();
  }

  /**
   * Schedule `callback(...args)` for the next loop iteration (FIFO). Returns a cancellable Handle.
   *
   * @example
   * ```ts
   * loop.callSoon((who: string) => console.log(`hello ${who}`), 'world');
   * ```
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this._checkClosed();
    checkCallback(callback, 'callSoon');
    const handle = new Handle(callback, args, this);
    this._ready.push(handle);
    if (this._immediate === null && !this._dispatching) this._wakeup();
    return handle;
  }

  /**
   * Schedule `callback(...args)` to run `delayMs` milliseconds from now (`when() === time() +
   * delayMs`). A zero or negative delay makes it due at once; due timers run in order of due time.
   */
  callLater<A extends unknown[]>(
    delayMs: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    if (typeof delayMs !== 'number' || Number.isNaN(delayMs)) {
      throw new TypeError(`delay must be a number, got ${formatValue(delayMs)}`);
    }
    return this._schedule(this.time() + delayMs, callback, args, 'callLater');
  }

  /** Schedule `callback(...args)` at the absolute time `whenMs` of `loop.time()`'s clock. */
  callAt<A extends unknown[]>(
    whenMs: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): TimerHandle {
    if (typeof whenMs !== 'number' || Number.isNaN(whenMs)) {
      throw new TypeError(`when must be a number, got ${formatValue(whenMs)}`);
    }
    return this._schedule(whenMs, callback, args, 'callAt');
  }

  /**
   * `callSoon` that may be called from any context outside the loop's own batches (a Node I/O
   * callback, a microtask, a worker's message handler). In Node it behaves exactly like
   * `callSoon`; see the file header for why that is the honest analogue of asyncio's.
   */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    const handle = this.callSoon(callback, ...args);
    this._wakeup();
    return handle;
  }

  /** A new Future bound to this loop. */
  createFuture<T>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Run `fn(...args)` on a worker thread of the loop's pool; the Future gets its return value
   * or its exception (asyncio's `run_in_executor(None, fn, *args)`).
   *
   * `fn` travels as source text (`fn.toString()`), so it must be self-contained: an arrow
   * function or a function expression that uses only its arguments and globals, never variables
   * of the enclosing scope; it may call `require('node:…')`. Arguments and the result are copied
   * with the structured-clone algorithm, except functions: a function argument reaches `fn` as a
   * stand-in, and each call of it in the thread is `callSoonThreadsafe(theFunction, ...args)`
   * here (asyncio's thread calling `loop.call_soon_threadsafe`), in order, before the Future's
   * result. Cancelling the Future before a worker picks the job up removes the job; once
   * started a job runs to the end and its outcome (and any later call) is dropped.
   *
   * @example
   * ```ts
   * const f = loop.runInExecutor((n: number) => {
   *   let s = 0;
   *   for (let i = 0; i < n; i++) s += i;
   *   return s;
   * }, 1e6);
   * console.log(await f);
   * ```
   */
  runInExecutor<A extends unknown[], T>(fn: (...args: A) => T, ...args: A): Future<T> {
    this._checkClosed();
    checkCallback(fn, 'runInExecutor');
    this._executor ??= new WorkerPool(this._executorWorkers);
    const future = this.createFuture<T>();
    const pending = future as Future<unknown>;
    this._executorFutures.add(pending);
    const job = this._executor.submit(
      fn.toString(),
      args,
      () => future.cancelled(),
      (ok, value) => {
        this._executorFutures.delete(pending);
        if (this._closed || future.cancelled()) return;
        this.callSoonThreadsafe(() => {
          // asyncio's _copy_future_state: a cancelled Future drops the outcome; one completed
          // by hand meanwhile makes this callback fail, which the exception handler reports.
          if (future.cancelled()) return;
          if (ok) future.setResult(value as T);
          else future.setException(value);
        });
      },
      (position, callArgs) => {
        if (this._closed || future.done()) return;
        this.callSoonThreadsafe(args[position] as (...a: unknown[]) => unknown, ...callArgs);
      },
    );
    future.addDoneCallback(() => {
      this._executorFutures.delete(pending);
      if (future.cancelled()) this._executor?.cancel(job);
    });
    return future;
  }

  /** Replace the exception handler; `null` restores the default one. */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== 'function') {
      throw new TypeError(`A callable object or null is expected, got ${formatValue(handler)}`);
    }
    this._exceptionHandler = handler;
  }

  /** The custom exception handler, or `null` when the default one is in use. */
  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  /**
   * The default handler: logs the message, the other context keys and the exception's stack
   * with `console.error`, in asyncio's layout.
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || 'Unhandled exception in event loop'];
    for (const key of Object.keys(context).sort()) {
      if (key === 'message' || key === 'exception') continue;
      const value = context[key];
      lines.push(`${key}: ${typeof value === 'string' ? value : formatValue(value)}`);
    }
    const exc = context.exception;
    if (exc !== undefined) {
      lines.push(exc instanceof Error && exc.stack ? exc.stack : `exception: ${formatValue(exc)}`);
    }
    console.error(lines.join('\n'));
  }

  /**
   * Report an error to the exception handler (custom or default). Never throws: a failing custom
   * handler is itself reported by the default handler, as in asyncio.
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this._exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (exc) {
        console.error('Exception in default exception handler', exc);
      }
      return;
    }
    try {
      handler(this, context);
    } catch (exc) {
      try {
        this.defaultExceptionHandler({
          message: 'Unhandled error in exception handler',
          exception: exc,
          context,
        });
      } catch (exc2) {
        console.error(
          'Exception in default exception handler while handling an unexpected error in custom exception handler',
          exc2,
        );
      }
    }
  }

  /**
   * Resume dispatching if stopped and return a Promise that settles like `f` (a Future or a
   * Promise) once it is done. Rejects with "Event loop stopped before Future completed." if
   * the loop stops or closes first. Does not block and does not stop the loop afterwards.
   */
  runUntilComplete<T>(f: Future<T> | PromiseLike<T>): Promise<T> {
    this._checkClosed();
    const future = ensureFuture(f, { loop: this });
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (): void => {
        if (settled) return;
        settled = true;
        this._stopWaiters.delete(onStop);
        if (!future.done()) {
          reject(new Error('Event loop stopped before Future completed.'));
          return;
        }
        try {
          resolve(future.result());
        } catch (exc) {
          reject(exc);
        }
      };
      const onStop = settle;
      this._stopWaiters.add(onStop);
      future.addDoneCallback(settle);
      this._resume();
    });
  }

  /** Resume dispatching if stopped; the Promise resolves at the next `stop()` (or `close()`). */
  runForever(): Promise<void> {
    this._checkClosed();
    return new Promise<void>((resolve) => {
      this._stopWaiters.add(resolve);
      this._resume();
    });
  }

  /**
   * Stop after the current iteration: the running batch (or, if none runs, one more batch)
   * completes, then dispatch pauses until `runForever()`/`runUntilComplete()`.
   */
  stop(): void {
    this._stopping = true;
    this._wakeup();
  }

  /** True while the loop dispatches its callbacks by itself (see the file header). */
  isRunning(): boolean {
    return !this._closed && !this._stopped;
  }

  /** True once `close()` was called. */
  isClosed(): boolean {
    return this._closed;
  }

  /**
   * Close the loop: drop every pending callback and timer (they never run; as in asyncio their
   * handles are not marked cancelled), cancel executor jobs and terminate the worker threads.
   * Idempotent; throws if called from inside one of the loop's callbacks.
   */
  close(): void {
    if (this._dispatching) throw new Error('Cannot close a running event loop');
    if (this._closed) return;
    // Cancel executor Futures while the loop still accepts their done-callbacks (which then
    // are dropped with every other pending handle below: nothing runs after close()).
    for (const future of this._executorFutures) future.cancel();
    this._executorFutures.clear();
    this._executor?.shutdown();
    this._executor = null;
    this._closed = true;
    // Dropped, not cancelled: asyncio's close() clears its queues, so a pending handle's
    // cancelled() stays false; it simply never runs.
    this._ready = [];
    for (const timer of this._scheduled.drain()) timer._scheduled = false;
    this._timerCancelledCount = 0;
    this._clearNodeTimers();
    this._notifyStopped();
  }

  /** Called by TimerHandle.cancel(): keep the queue and the armed Node timer honest. */
  _timerHandleCancelled(handle: TimerHandle): void {
    if (!handle._scheduled) return;
    this._timerCancelledCount++;
    const size = this._scheduled.size;
    if (
      this._timerCancelledCount > MIN_CANCELLED_TIMERS_TO_PURGE &&
      this._timerCancelledCount * 2 > size
    ) {
      this._scheduled.purge();
      this._timerCancelledCount = 0;
    }
    if (!this._dispatching) this._wakeup();
  }

  // ---- the engine -------------------------------------------------------------------------

  /**
   * One iteration, asyncio's `_run_once`: move due timers (in due-time order) behind the ready
   * callbacks, then run exactly the callbacks that were ready when the iteration began.
   * Returns how many callbacks ran.
   */
  protected _runOnce(): number {
    if (this._scheduled.size > 0) {
      this._dropCancelledTimers();
      const now = this.time();
      for (let head = this._scheduled.peek(); head !== undefined; head = this._scheduled.peek()) {
        if (head.when() > now) break;
        this._scheduled.pop();
        head._scheduled = false;
        if (head.cancelled()) this._timerCancelledCount--;
        else this._ready.push(head);
      }
    }
    // Callbacks queued by this batch land in a fresh array, for the next iteration.
    const batch = this._ready;
    this._ready = [];
    let ran = 0;
    this._dispatching = true;
    try {
      for (let i = 0; i < batch.length; i++) {
        const handle = batch[i] as Handle;
        if (handle.cancelled()) continue;
        handle._run();
        ran++;
      }
    } finally {
      this._dispatching = false;
    }
    if (this._stopping) {
      this._stopping = false;
      this._stopped = true;
      this._clearNodeTimers();
      this._notifyStopped();
    }
    return ran;
  }

  /** Due time of the earliest live timer, if any (for the virtual clock of TestLoop). */
  protected _nextTimerWhen(): number | undefined {
    this._dropCancelledTimers();
    return this._scheduled.peek()?.when();
  }

  /** Whether callbacks are queued for the next iteration. */
  protected _hasReady(): boolean {
    return this._ready.length > 0;
  }

  /**
   * Ask Node to call back when there is work: a `setImmediate` for ready callbacks, else one
   * `setTimeout` for the earliest timer. TestLoop overrides this with nothing (manual driving).
   */
  protected _wakeup(): void {
    if (this._closed || this._stopped) return;
    if (this._ready.length > 0 || this._stopping) {
      if (this._immediate === null) this._immediate = setImmediate(this._onImmediate);
      return;
    }
    const when = this._nextTimerWhen();
    if (when === this._timerWhen) return;
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = null;
    this._timerWhen = Number.POSITIVE_INFINITY;
    if (when === undefined) return;
    // Node timers have millisecond granularity; if one fires a little early, _iterate re-arms.
    const delay = Math.min(MAX_NODE_TIMEOUT_MS, Math.max(0, Math.ceil(when - this.time())));
    this._timer = setTimeout(this._onTimer, delay);
    this._timerWhen = when;
  }

  /**
   * One Node turn: iterations back to back while callbacks are ready, within the turn's budget
   * (`MAX_ITERATIONS_PER_TURN`, `MAX_TURN_MS`), then a wake-up for the next turn or timer.
   */
  private _iterate(): void {
    const deadline = performance.now() + MAX_TURN_MS;
    for (let n = 1; !this._closed && !this._stopped; n++) {
      this._runOnce();
      if (this._ready.length === 0 && !this._stopping) break;
      if (n >= MAX_ITERATIONS_PER_TURN) break;
      if ((n & 15) === 0 && performance.now() >= deadline) break;
    }
    this._wakeup();
  }

  private _schedule(
    when: number,
    callback: (...args: never[]) => unknown,
    args: unknown[],
    method: string,
  ): TimerHandle {
    this._checkClosed();
    checkCallback(callback, method);
    const timer = new TimerHandle(when, callback as (...a: unknown[]) => unknown, args, this);
    this._scheduled.push(timer);
    timer._scheduled = true;
    if (!this._dispatching && this._immediate === null && when < this._timerWhen) this._wakeup();
    return timer;
  }

  private _dropCancelledTimers(): void {
    for (let head = this._scheduled.peek(); head?.cancelled(); head = this._scheduled.peek()) {
      this._scheduled.pop();
      head._scheduled = false;
      this._timerCancelledCount--;
    }
  }

  private _resume(): void {
    if (this._closed || !this._stopped) return;
    this._stopped = false;
    this._wakeup();
  }

  private _notifyStopped(): void {
    const waiters = [...this._stopWaiters];
    this._stopWaiters.clear();
    for (const waiter of waiters) waiter();
  }

  private _clearNodeTimers(): void {
    if (this._immediate !== null) clearImmediate(this._immediate);
    if (this._timer !== null) clearTimeout(this._timer);
    this._immediate = null;
    this._timer = null;
    this._timerWhen = Number.POSITIVE_INFINITY;
  }

  private _checkClosed(): void {
    if (this._closed) throw new Error('Event loop is closed');
  }

  // ---- networking: createServer, createConnection, which delegate to src/net/*.ts

  /**
   * Listen on `host:port` (port 0: any free port); every accepted connection gets
   * `protocolFactory()` and a Transport (asyncio's `loop.create_server`). See net/server.ts.
   */
  createServer(protocolFactory: () => Protocol, host: string, port: number): Future<Server> {
    return createNetServer(this, protocolFactory, host, port);
  }

  /**
   * Connect to `host:port` and wire the socket to `protocolFactory()` (asyncio's
   * `loop.create_connection`). See net/connect.ts.
   */
  createConnection<P extends Protocol>(
    protocolFactory: () => P,
    host: string,
    port: number,
  ): Future<[Transport, P]> {
    return createNetConnection(this, protocolFactory, host, port);
  }
}

let currentLoop: EventLoop | null = null;

/**
 * The current event loop: the one given to `setEventLoop`, else a default loop created on
 * first use (asyncio's `get_event_loop`, without the policy layer).
 */
export function getEventLoop(): EventLoop {
  currentLoop ??= new EventLoop();
  return currentLoop;
}

/** Make `loop` the current event loop (`null`: the next `getEventLoop()` creates a new one). */
export function setEventLoop(loop: EventLoop | null): void {
  currentLoop = loop;
}
