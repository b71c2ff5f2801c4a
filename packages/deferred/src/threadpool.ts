/**
 * Twisted model — ThreadPool: the threads behind `deferToThread`, here `worker_threads`.
 *
 * Contract: `callInThreadWithCallback(onResult, f, ...args)` runs `f(...args)` on a worker
 * thread and then calls `onResult(true, value)` or `onResult(false, error)`. Jobs run FIFO,
 * one per worker, on at most `maxthreads` workers created on demand (`minthreads` of them by
 * `start()`); jobs queued before `start()` wait for it. An idle pool never keeps the process
 * alive. `stop()` drops queued jobs and terminates the workers; a stopped pool refuses work
 * with an error (Twisted's drops it silently, which would leave a Deferred unfired for ever).
 * `callInThread` logs a job's error, as Twisted does.
 *
 * Where Node differs from Python, and what this pool does about it:
 * - A worker shares no objects with this thread, so `f` travels as source text: it must use
 *   only its arguments and globals (it may `require('node:…')`); arguments and results are
 *   structured-cloned; an error keeps its message, its code and, for built-in classes, its class.
 * - A thread cannot call a function of this thread. A FUNCTION ARGUMENT therefore reaches `f`
 *   as a stand-in: calling it in the thread posts the arguments back, and this thread calls the
 *   real function with them, in order, before the job's own result. `deferToThreadPool` turns
 *   each such call into `reactor.callFromThread(fn, ...args)`, Twisted's one door back.
 * - `onResult` runs on this thread when the result arrives (in Twisted it runs in the worker,
 *   and `deferToThreadPool` immediately hops back with `reactor.callFromThread`).
 *
 * Lineage: twisted/python/threadpool.py (ThreadPool: start, stop, callInThread,
 * callInThreadWithCallback). Read next: threads.ts (deferToThread).
 */
import { Worker } from 'node:worker_threads';

/** The worker's program: compile the job, stand in for its function arguments, post the outcome. */
const WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const __name = (fn) => fn; // esbuild's keepNames helper, should a bundled function mention it
const compiled = new Map();
function compile(source) {
  let fn = compiled.get(source);
  if (fn === undefined) {
    fn = new Function('require', '__name', 'return (' + source + ');')(require, __name);
    if (compiled.size > 100) compiled.clear();
    compiled.set(source, fn);
  }
  return fn;
}
function describe(e) {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack, code: e.code };
  return { thrown: typeof e === 'object' && e !== null ? String(e) : e };
}
parentPort.on('message', (job) => {
  const args = job.args.map((arg, i) =>
    job.functions.includes(i) ? (...a) => parentPort.postMessage({ id: job.id, call: i, args: a }) : arg,
  );
  let reply;
  try {
    reply = { id: job.id, ok: true, value: compile(job.source)(...args) };
  } catch (e) {
    reply = { id: job.id, ok: false, error: describe(e) };
  }
  try {
    parentPort.postMessage(reply);
  } catch (e) {
    parentPort.postMessage({ id: job.id, ok: false, error: describe(e) });
  }
});
`;

/** What `onResult` is told: success and the value, or failure and the error. */
export type OnResult = (success: boolean, result: unknown) => void;

interface Job {
  id: number;
  source: string;
  args: unknown[];
  /** The function arguments, by position; they run here when the thread calls their stand-ins. */
  functions: Map<number, (...a: unknown[]) => unknown>;
  onResult: OnResult;
}

interface ErrorDescription {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  thrown?: unknown;
}

/** A message from a worker: a stand-in's call, or the job's outcome. */
interface Message {
  id: number;
  call?: number;
  args?: unknown[];
  ok?: boolean;
  value?: unknown;
  error?: ErrorDescription;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** A worker's error, rebuilt on this thread (a built-in class is kept, any other is an Error). */
function toError(d: ErrorDescription): unknown {
  if ('thrown' in d) return d.thrown;
  const builtin = (globalThis as Record<string, unknown>)[d.name ?? ''];
  const known =
    typeof builtin === 'function' &&
    (builtin === Error || (builtin as { prototype: unknown }).prototype instanceof Error);
  const error = known
    ? new (builtin as new (m: string) => Error)(d.message ?? '')
    : new Error(d.message);
  if (!known && d.name) error.name = d.name;
  if (d.stack) error.stack = d.stack;
  if (d.code !== undefined) Object.assign(error, { code: d.code });
  return error;
}

/**
 * A pool of worker threads.
 *
 * @example
 * const pool = new ThreadPool(0, 2);
 * pool.start();
 * pool.callInThreadWithCallback((ok, v) => console.log(ok, v), (a: number, b: number) => a + b, 3, 4);
 */
export class ThreadPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private started = false;
  private joined = false;

  constructor(
    readonly min = 0,
    public max = 10,
  ) {
    if (!Number.isInteger(min) || min < 0 || !Number.isInteger(max) || max < Math.max(1, min)) {
      throw new RangeError(`need integers 0 <= min <= max, max >= 1; got ${min}, ${max}`);
    }
  }

  /** Number of workers alive (idle or busy). */
  get workers(): number {
    return this.slots.length;
  }

  /** Start `min` workers and run whatever was queued. */
  start(): void {
    if (this.joined) throw new Error('cannot start a stopped ThreadPool');
    this.started = true;
    while (this.slots.length < this.min) this.createSlot();
    this.pump();
  }

  /** Drop queued jobs and terminate every worker; running jobs never report back. */
  stop(): void {
    this.joined = true;
    this.queue = [];
    const slots = this.slots;
    this.slots = [];
    for (const slot of slots) {
      slot.job = null;
      void slot.worker.terminate();
    }
  }

  /** Run `f(...args)` in a thread, ignoring its outcome. */
  callInThread<A extends unknown[]>(f: (...args: A) => unknown, ...args: A): void {
    this.callInThreadWithCallback(
      (ok, error) => {
        if (!ok) console.error('Unhandled error in a thread:', error);
      },
      f,
      ...args,
    );
  }

  /** Run `f(...args)` in a thread, then `onResult(true, value)` or `onResult(false, error)`. */
  callInThreadWithCallback<A extends unknown[]>(
    onResult: OnResult,
    f: (...args: A) => unknown,
    ...args: A
  ): void {
    if (this.joined) throw new Error('cannot call in a stopped ThreadPool');
    const functions = new Map<number, (...a: unknown[]) => unknown>();
    const cloneable = args.map((arg, i) => {
      if (typeof arg !== 'function') return arg;
      functions.set(i, arg as (...a: unknown[]) => unknown);
      return null;
    });
    this.queue.push({
      id: this.nextId++,
      source: f.toString(),
      args: cloneable,
      functions,
      onResult,
    });
    this.pump();
  }

  private pump(): void {
    while (this.started && !this.joined && this.queue.length > 0) {
      const slot =
        this.slots.find((s) => s.job === null) ??
        (this.slots.length < this.max ? this.createSlot() : undefined);
      if (slot === undefined) return;
      this.run(slot, this.queue.shift()!);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    const { id, source, args } = job;
    try {
      slot.worker.postMessage({ id, source, args, functions: [...job.functions.keys()] });
    } catch (err) {
      this.finish(slot, false, err); // arguments that cannot be cloned fail before the job starts
    }
  }

  private createSlot(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (m: Message) => {
      const job = slot.job;
      if (job?.id !== m.id) return;
      if (m.call !== undefined) {
        try {
          job.functions.get(m.call)?.(...(m.args ?? []));
        } catch (err) {
          console.error('Unhandled error in a function called from a thread:', err);
        }
        return;
      }
      this.finish(slot, m.ok === true, m.ok ? m.value : toError(m.error ?? {}));
    });
    worker.on('error', (err) => this.retire(slot, err));
    worker.on('exit', (code) => this.retire(slot, new Error(`worker thread exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot, ok: boolean, value: unknown): void {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    job?.onResult(ok, value);
    this.pump();
  }

  /** A worker died (an uncaught error, or `process.exit` in a job): fail its job, forget it. */
  private retire(slot: Slot, reason: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    slot.job = null;
    job?.onResult(false, reason);
    this.pump();
  }
}
