/**
 * asyncio's Future model — the small `worker_threads` pool behind `loop.runInExecutor`.
 *
 * Contract: jobs run FIFO, at most one per worker, on at most `maxWorkers` workers created on
 * demand; a job whose Future was cancelled before a worker picks it up never starts; an idle pool
 * never keeps the process alive (idle workers are unref'd, busy ones ref'd until they answer);
 * `shutdown()` terminates every worker.
 *
 * Workers are created from an inline source string (`new Worker(src, { eval: true })`) so the
 * pool works the same under vitest and in an esbuild bundle. A job is a function's source text,
 * compiled once per worker and called with structured-cloned arguments. A function among the
 * arguments cannot cross: the worker passes a stand-in instead, and each call of the stand-in
 * comes back as a message (`onCall(position, args)`), in order, before the job's outcome.
 *
 * Lineage: asyncio's default executor (`concurrent.futures.ThreadPoolExecutor`, PEP 3148) and
 * `run_in_executor`/`wrap_future` of `base_events.py`/`futures.py`.
 *
 * Read next: ./loop.ts (`runInExecutor`).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker's program: compile the job's source, call it, post back the outcome. */
const WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const compiled = new Map();
// esbuild's keepNames helper, should a bundled function's source mention it.
const __name = (fn) => fn;
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
  const t = typeof e;
  const cloneable = e === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'undefined' || t === 'bigint';
  return { thrown: cloneable ? e : String(e) };
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

/** A queued or running job. */
export interface ExecutorJob {
  readonly id: number;
  readonly source: string;
  readonly args: readonly unknown[];
  /** Asked right before the job would start: a cancelled job is skipped. */
  readonly isCancelled: () => boolean;
  readonly onDone: (ok: boolean, value: unknown) => void;
  /** The thread called the stand-in of the function argument at `position` with `args`. */
  readonly onCall: (position: number, args: unknown[]) => void;
}

interface ErrorDescription {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  thrown?: unknown;
}

interface Reply {
  id: number;
  /** Set when the job called a function argument's stand-in (then `args`, not an outcome). */
  call?: number;
  args?: unknown[];
  ok: boolean;
  value?: unknown;
  error?: ErrorDescription;
}

interface Slot {
  worker: Worker;
  job: ExecutorJob | null;
}

/** Rebuild a worker's error on this thread, keeping its class when it is a built-in one. */
function toError(desc: ErrorDescription): unknown {
  if ('thrown' in desc) return desc.thrown;
  const builtin = (globalThis as Record<string, unknown>)[desc.name ?? ''];
  const isBuiltinError =
    typeof builtin === 'function' &&
    (builtin === Error || (builtin as { prototype: unknown }).prototype instanceof Error);
  const error = isBuiltinError
    ? new (builtin as new (m: string) => Error)(desc.message ?? '')
    : new Error(desc.message);
  if (!isBuiltinError && desc.name) error.name = desc.name;
  if (desc.stack) error.stack = desc.stack;
  if (desc.code !== undefined) Object.assign(error, { code: desc.code });
  return error;
}

/** The default size: a small pool, as the machine allows. */
export function defaultExecutorWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** A pool of worker threads running one job each at a time. */
export class WorkerPool {
  private readonly maxWorkers: number;
  private slots: Slot[] = [];
  private queue: ExecutorJob[] = [];
  private nextId = 1;
  private closed = false;

  constructor(maxWorkers = defaultExecutorWorkers()) {
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(`maxWorkers must be a positive integer, got ${maxWorkers}`);
    }
    this.maxWorkers = maxWorkers;
  }

  /** Number of jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Number of workers alive (idle or busy). */
  get workers(): number {
    return this.slots.length;
  }

  /** Queue a job; it starts as soon as a worker is free. Function arguments become stand-ins. */
  submit(
    source: string,
    args: readonly unknown[],
    isCancelled: () => boolean,
    onDone: (ok: boolean, value: unknown) => void,
    onCall: (position: number, args: unknown[]) => void = () => {},
  ): ExecutorJob {
    if (this.closed) throw new Error('cannot schedule new jobs after shutdown');
    const job: ExecutorJob = { id: this.nextId++, source, args, isCancelled, onDone, onCall };
    this.queue.push(job);
    this.pump();
    return job;
  }

  /** Remove a job that has not started; returns false if it already started (or finished). */
  cancel(job: ExecutorJob): boolean {
    const i = this.queue.indexOf(job);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    return true;
  }

  /** Drop queued jobs and terminate every worker; running jobs never report back. */
  shutdown(): void {
    this.closed = true;
    this.queue = [];
    const slots = this.slots;
    this.slots = [];
    for (const slot of slots) {
      slot.job = null;
      void slot.worker.terminate();
    }
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const slot = this.idleSlot();
      if (slot === undefined) return;
      const job = this.queue.shift()!;
      if (job.isCancelled()) continue;
      this.start(slot, job);
    }
  }

  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((s) => s.job === null);
    if (idle !== undefined) return idle;
    return this.slots.length < this.maxWorkers ? this.createSlot() : undefined;
  }

  private start(slot: Slot, job: ExecutorJob): void {
    slot.job = job;
    slot.worker.ref();
    try {
      const functions = job.args.flatMap((arg, i) => (typeof arg === 'function' ? [i] : []));
      const args = job.args.map((arg) => (typeof arg === 'function' ? null : arg));
      slot.worker.postMessage({ id: job.id, source: job.source, args, functions });
    } catch (exc) {
      // Arguments that cannot be structured-cloned fail here, before the job starts.
      this.finish(slot, false, exc);
    }
  }

  private createSlot(): Slot {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: Reply) => {
      if (slot.job?.id !== reply.id) return;
      if (reply.call !== undefined) return slot.job.onCall(reply.call, reply.args ?? []);
      this.finish(slot, reply.ok, reply.ok ? reply.value : toError(reply.error ?? {}));
    });
    worker.on('error', (err) => this.retire(slot, err));
    worker.on('exit', (code) => {
      this.retire(slot, new Error(`executor worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot, ok: boolean, value: unknown): void {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    job?.onDone(ok, value);
    this.pump();
  }

  /** A worker died (an uncaught error or `process.exit` in a job): fail its job, forget it. */
  private retire(slot: Slot, reason: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const job = slot.job;
    slot.job = null;
    job?.onDone(false, reason);
    this.pump();
  }
}
