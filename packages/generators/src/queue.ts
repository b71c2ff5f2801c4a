/**
 * Generator trampoline model: Queue.
 * Contract: a FIFO of items between Tasks; `yield* q.get()` suspends while it is empty,
 * `yield* q.put(x)` while it is full (maxsize > 0); `taskDone()` per item got, and
 * `yield* q.join()` waits until every item put has been marked done.
 * Lineage: asyncio.Queue (Lib/asyncio/queues.py). Read streams/reader.ts next.
 */
import type { EventLoop, Future } from '@async-rosetta/future';
import { QueueEmpty, QueueFull } from './errors.js';
import { LoopBound } from './loop-bound.js';
import type { Operation } from './ops.js';

/**
 * A FIFO queue for Tasks, bounded when `maxsize > 0`.
 *
 * @example
 * const q = new Queue<string>(10);
 * spawn(function* () { for (;;) { const url = yield* q.get(); ...; q.taskDone(); } });
 * yield* q.put('http://127.0.0.1:8080/');
 * yield* q.join();
 */
export class Queue<T> extends LoopBound {
  readonly #maxsize: number;
  readonly #items: T[] = [];
  readonly #getters: Future<void>[] = [];
  readonly #putters: Future<void>[] = [];
  readonly #joiners: Future<void>[] = [];
  #unfinished = 0;

  constructor(maxsize = 0, opts: { loop?: EventLoop } = {}) {
    super(opts);
    this.#maxsize = maxsize;
  }

  get maxsize(): number {
    return this.#maxsize;
  }

  qsize(): number {
    return this.#items.length;
  }

  empty(): boolean {
    return this.#items.length === 0;
  }

  /** Never true when maxsize <= 0 (unbounded). */
  full(): boolean {
    return this.#maxsize > 0 && this.#items.length >= this.#maxsize;
  }

  /** Puts `item`, suspending while the queue is full. */
  *put(item: T): Operation<void> {
    while (this.full()) yield* this.#waitIn(this.#putters, () => !this.full());
    this.putNowait(item);
  }

  /** Puts `item` at once, or throws QueueFull. */
  putNowait(item: T): void {
    if (this.full()) throw new QueueFull();
    this.#items.push(item);
    this.#unfinished++;
    wakeUpNext(this.#getters);
  }

  /** Removes and returns the first item, suspending while the queue is empty. */
  *get(): Operation<T> {
    while (this.empty()) yield* this.#waitIn(this.#getters, () => !this.empty());
    return this.getNowait();
  }

  /** Removes and returns the first item at once, or throws QueueEmpty. */
  getNowait(): T {
    if (this.empty()) throw new QueueEmpty();
    const item = this.#items.shift() as T;
    wakeUpNext(this.#putters);
    return item;
  }

  /** Marks one item got earlier as processed; RangeError if called more times than items put. */
  taskDone(): void {
    if (this.#unfinished <= 0) throw new RangeError('taskDone() called too many times');
    this.#unfinished--;
    if (this.#unfinished === 0)
      for (const j of this.#joiners.splice(0)) if (!j.done()) j.setResult(undefined);
  }

  /** Suspends until every item put has been marked with taskDone(). */
  *join(): Operation<void> {
    if (this.#unfinished > 0) yield* this.waitInLine(this.#joiners);
  }

  /** One wait in `waiters`; if cancelled after being woken, the wake-up goes to the next one. */
  *#waitIn(waiters: Future<void>[], stillPossible: () => boolean): Operation<void> {
    yield* this.waitInLine(waiters, (woken) => {
      if (woken && stillPossible()) wakeUpNext(waiters);
    });
  }
}

/** Wakes the first waiter not yet done, dropping it from the list. */
function wakeUpNext(waiters: Future<void>[]): void {
  while (waiters.length > 0) {
    const w = waiters.shift()!;
    if (!w.done()) {
      w.setResult(undefined);
      return;
    }
  }
}
