/**
 * Twisted model — DeferredLock and DeferredSemaphore: mutual exclusion and bounded
 * concurrency for Deferred-returning code; `acquire()` is a Deferred that fires on your turn.
 * Contract: BEHAVIOURS.md 43.
 * Lineage: twisted/internet/defer.py (_ConcurrencyPrimitive, DeferredLock, DeferredSemaphore).
 * Read next: queue.ts.
 */
import { Deferred, type ResultOf } from './deferred.js';
import { InvalidStateError } from './errors.js';
import { maybeDeferred } from './maybe-deferred.js';

/** What DeferredLock and DeferredSemaphore share: the FIFO of waiters and `run`. */
abstract class ConcurrencyPrimitive {
  protected readonly waiting: Deferred<this>[] = [];

  /** A Deferred that fires with this primitive once acquired: at once when free, else in FIFO order. */
  abstract acquire(): Deferred<this>;

  /** Gives the lock/token back, handing it straight to the oldest waiter if any. */
  abstract release(): void;

  /**
   * Acquires, calls `f(...args)` (through maybeDeferred), and releases when its result settles;
   * fires with that result.
   *
   * @example
   * const lock = new DeferredLock();
   * lock.run(() => agent.request('GET', url)); // one request at a time
   */
  run<A extends unknown[], R>(f: (...args: A) => R, ...args: A): Deferred<ResultOf<R>> {
    return this.acquire().addCallback(() =>
      maybeDeferred(f, ...args).addBoth((result) => {
        this.release();
        return result;
      }),
    ) as Deferred<ResultOf<R>>;
  }

  protected newWaiter(): Deferred<this> {
    const d: Deferred<this> = new Deferred<this>((cancelled) => {
      // Only called while unfired, i.e. while still in `waiting`.
      this.waiting.splice(this.waiting.indexOf(cancelled), 1);
    });
    return d;
  }
}

/**
 * A lock for Deferred-based code.
 *
 * @example
 * const lock = new DeferredLock();
 * lock.acquire().addCallback((l) => { …; l.release(); });
 */
export class DeferredLock extends ConcurrencyPrimitive {
  /** True while held. */
  locked = false;

  acquire(): Deferred<this> {
    const d = this.newWaiter();
    if (this.locked) this.waiting.push(d);
    else {
      this.locked = true;
      d.callback(this);
    }
    return d;
  }

  release(): void {
    if (!this.locked) throw new InvalidStateError('release() of a DeferredLock that is not locked');
    const next = this.waiting.shift();
    if (next === undefined) this.locked = false;
    else next.callback(this);
  }
}

/**
 * A semaphore with `tokens` tokens for Deferred-based code.
 *
 * @example
 * const sem = new DeferredSemaphore(4);
 * gatherResults(urls.map((url) => sem.run(getPage, url))); // at most 4 at once
 */
export class DeferredSemaphore extends ConcurrencyPrimitive {
  /** Tokens currently free. */
  tokens: number;
  /** The total number of tokens. */
  readonly limit: number;

  /** @throws RangeError when `tokens` is less than 1. */
  constructor(tokens: number) {
    super();
    if (!(tokens >= 1)) throw new RangeError('DeferredSemaphore requires tokens >= 1');
    this.tokens = tokens;
    this.limit = tokens;
  }

  acquire(): Deferred<this> {
    const d = this.newWaiter();
    if (this.tokens === 0) this.waiting.push(d);
    else {
      this.tokens--;
      d.callback(this);
    }
    return d;
  }

  release(): void {
    if (this.tokens >= this.limit)
      throw new InvalidStateError('release() of a DeferredSemaphore with every token free');
    const next = this.waiting.shift();
    if (next === undefined) this.tokens++;
    else next.callback(this);
  }
}
