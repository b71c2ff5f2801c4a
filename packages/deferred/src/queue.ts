/**
 * Twisted model — DeferredQueue: a FIFO whose `get()` is a Deferred, fired at once when an
 * item is buffered, else when one is put; optional bounds on buffered items and waiting getters.
 * Contract: BEHAVIOURS.md 44.
 * Lineage: twisted/internet/defer.py (DeferredQueue).
 * Read next: index.ts.
 */
import { Deferred, succeed } from './deferred.js';
import { QueueOverflow, QueueUnderflow } from './errors.js';

/**
 * @example
 * const q = new DeferredQueue<string>();
 * q.get().addCallback((line) => console.log(line));
 * q.put('hello'); // prints hello
 */
export class DeferredQueue<T> {
  /** Getters waiting for an item, oldest first. */
  readonly waiting: Deferred<T>[] = [];
  /** Items nobody has asked for yet, oldest first. */
  readonly pending: T[] = [];

  /**
   * @param size the most items buffered (unbounded when undefined)
   * @param backlog the most getters waiting (unbounded when undefined)
   */
  constructor(
    readonly size?: number,
    readonly backlog?: number,
  ) {}

  /**
   * Hands `item` to the oldest waiting getter, or buffers it.
   * @throws QueueOverflow when the buffer already holds `size` items.
   */
  put(item: T): void {
    const getter = this.waiting.shift();
    if (getter !== undefined) getter.callback(item);
    else if (this.size === undefined || this.pending.length < this.size) this.pending.push(item);
    else throw new QueueOverflow();
  }

  /**
   * A Deferred of the next item: already fired when one is buffered. Cancelling a pending get
   * removes it from the waiters.
   * @throws QueueUnderflow when `backlog` getters are already waiting.
   */
  get(): Deferred<T> {
    if (this.pending.length > 0) return succeed(this.pending.shift() as T);
    if (this.backlog !== undefined && this.waiting.length >= this.backlog)
      throw new QueueUnderflow();
    const d = new Deferred<T>((cancelled) => {
      this.waiting.splice(this.waiting.indexOf(cancelled), 1);
    });
    this.waiting.push(d);
    return d;
  }
}
