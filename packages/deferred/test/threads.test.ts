// Deferreds — the semantic tests of running code in a thread: deferToThread and
// deferToThreadPool over worker_threads, reactor.callFromThread, and the ThreadPool under them.
// Lineage: twisted/test/test_threads.py (ReactorThreadsTests, DeferredResultTests,
// DeferToThreadPoolTests) and twisted/internet/base.py (ReactorBase.callFromThread,
// runUntilCurrent's threadCallQueue). Read next: the demos in src/tasks/demos.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Deferred,
  deferToThread,
  deferToThreadPool,
  type IReactorFromThreads,
  reactor,
  ThreadPool,
} from '../src/index.js';
import { outcome } from './outcome.js';

/** The outcome of `d` once it fires (resolution or the Failure's value). */
function settled<T>(d: Deferred<T>): Promise<{ value?: unknown; error?: unknown }> {
  return new Promise((resolve) => {
    d.addCallbacks(
      (value) => resolve({ value }),
      (failure) => resolve({ error: failure.value }),
    );
  });
}

/** A reactor that only queues what the thread side asks of it, for the test to run by hand. */
function queuingReactor(): IReactorFromThreads & {
  queue: (() => unknown)[];
  drained: Deferred<void>;
} {
  const queue: (() => unknown)[] = [];
  const drained = new Deferred<void>();
  return {
    queue,
    drained,
    callFromThread: (f, ...args) => {
      queue.push(() => f(...args));
      if (queue.length >= 1 && !drained.called) drained.callback(undefined);
    },
  };
}

const pools: ThreadPool[] = [];
function pool(min = 0, max = 2): ThreadPool {
  const p = new ThreadPool(min, max);
  pools.push(p);
  p.start();
  return p;
}
afterEach(() => {
  for (const p of pools.splice(0)) p.stop();
});

describe('deferToThread()', () => {
  it('runs the function in a worker thread and fires with what it returns', async () => {
    // upstream: twisted/test/test_threads.py DeferredResultTests.test_deferredResult
    const d = deferToThread(
      (x: number, y: number) => {
        const { isMainThread } = require('node:worker_threads');
        return { sum: x + y, isMainThread };
      },
      3,
      4,
    );
    expect(outcome(d)).toBeUndefined(); // never synchronously
    expect(await settled(d)).toEqual({ value: { sum: 7, isMainThread: false } });
  });

  it('fails with the error the function throws, its class, message and code kept', async () => {
    // upstream: twisted/test/test_threads.py DeferredResultTests.test_deferredFailure
    const d = deferToThread(() => {
      throw Object.assign(new RangeError('no widgets'), { code: 'EWIDGET' });
    });
    const { error } = await settled(d);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ message: 'no widgets', code: 'EWIDGET' });
  });

  it('a success followed by a failure gives the failure', async () => {
    // upstream: twisted/test/test_threads.py DeferredResultTests.test_deferredFailureAfterSuccess
    const d = deferToThread(() => null).addCallback(() =>
      deferToThread(() => {
        throw new TypeError('second');
      }),
    );
    const { error } = await settled(d);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('fails, never throws, when an argument cannot be copied to the thread', async () => {
    // twisted/internet/threads.py: every outcome of f reaches the Deferred
    const d = deferToThread((x: unknown) => x, Symbol('not cloneable'));
    const { error } = await settled(d);
    expect(error).toBeInstanceOf(Error);
  });
});

describe('deferToThreadPool()', () => {
  it('runs the function in the given pool', async () => {
    // upstream: twisted/test/test_threads.py DeferToThreadPoolTests.test_deferredResult
    const d = deferToThreadPool(reactor, pool(), (x: number, y: number) => x + y, 3, 4);
    expect(await settled(d)).toEqual({ value: 7 });
  });

  it('fails with the function’s error', async () => {
    // upstream: twisted/test/test_threads.py DeferToThreadPoolTests.test_deferredFailure
    const d = deferToThreadPool(reactor, pool(), () => {
      throw new SyntaxError('bad');
    });
    expect((await settled(d)).error).toBeInstanceOf(SyntaxError);
  });

  it('fires the Deferred only through reactor.callFromThread', async () => {
    // upstream: twisted/internet/threads.py deferToThreadPool (onResult → reactor.callFromThread(d.callback, result))
    const fake = queuingReactor();
    const d = deferToThreadPool(fake, pool(), () => 'done');
    await fake.drained;
    expect(outcome(d)).toBeUndefined();
    for (const call of fake.queue) call();
    expect(outcome(d)).toEqual({ value: 'done' });
  });

  it('a function argument called in the thread runs here through reactor.callFromThread, in order, before the Deferred fires', async () => {
    // upstream: twisted/test/test_threads.py DeferredResultTests.test_callMultiple (calls from a
    // thread arrive in order, then `finished` through reactor.callFromThread)
    const seen: unknown[] = [];
    const report = (i: number, where: string) => seen.push([i, where]);
    const d = deferToThreadPool(
      reactor,
      pool(),
      (n: number, tell: (i: number, where: string) => void) => {
        const { isMainThread } = require('node:worker_threads');
        for (let i = 0; i < n; i++) tell(i, isMainThread ? 'main' : 'worker');
        return n;
      },
      5,
      report,
    ).addCallback((n) => seen.push(['done', n]));
    await settled(d);
    expect(seen).toEqual([
      [0, 'worker'],
      [1, 'worker'],
      [2, 'worker'],
      [3, 'worker'],
      [4, 'worker'],
      ['done', 5],
    ]);
  });

  it('fails, never throws, on a stopped pool', async () => {
    // twisted/python/threadpool.py ThreadPool.callInThreadWithCallback (a joined pool drops the
    // work; here the refusal fails the Deferred instead of leaving it unfired)
    const p = pool();
    p.stop();
    const { error } = await settled(deferToThreadPool(reactor, p, () => 1));
    expect(String(error)).toMatch(/stopped/);
  });
});

describe('reactor.callFromThread()', () => {
  it('runs the call at a later turn, never at once, with its arguments', async () => {
    // upstream: twisted/test/test_threads.py ReactorThreadsTests.test_callFromThread
    const fired = new Deferred<string>();
    reactor.callFromThread((x: string) => fired.callback(x), 'from the reactor thread');
    expect(fired.called).toBe(false);
    expect(await settled(fired)).toEqual({ value: 'from the reactor thread' });
  });

  it('runs calls in the order they were made; a call made while they run waits for the next turn', async () => {
    // upstream: twisted/internet/base.py ReactorBase.runUntilCurrent (runs the threadCallQueue
    // as it was when the turn began; what is added meanwhile runs at the next wake-up)
    const order: string[] = [];
    const done = new Deferred<void>();
    reactor.callFromThread(() => {
      order.push('a');
      reactor.callFromThread(() => {
        order.push('c (queued by a)');
        done.callback(undefined);
      });
    });
    reactor.callFromThread(() => order.push('b'));
    await done;
    expect(order).toEqual(['a', 'b', 'c (queued by a)']);
  });

  it('logs a call that throws and still runs the others', async () => {
    // upstream: twisted/internet/base.py ReactorBase.runUntilCurrent (log.err, then the next call)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const done = new Deferred<string>();
      reactor.callFromThread(() => {
        throw new Error('boom');
      });
      reactor.callFromThread(() => done.callback('after'));
      expect(await settled(done)).toEqual({ value: 'after' });
      expect(logged).toHaveBeenCalledWith('Unhandled error in callFromThread:', expect.any(Error));
    } finally {
      logged.mockRestore();
    }
  });
});

describe('ThreadPool', () => {
  it('queues work given before start() and runs it once started', async () => {
    // upstream: twisted/test/test_threadpool.py ThreadPoolTests.test_existingWork
    const p = new ThreadPool(0, 1);
    pools.push(p);
    const results: unknown[] = [];
    const ran = new Deferred<void>();
    p.callInThreadWithCallback(
      (ok, v) => {
        results.push([ok, v]);
        ran.callback(undefined);
      },
      () => 'ran',
    );
    expect(p.workers).toBe(0);
    p.start();
    await ran;
    expect(results).toEqual([[true, 'ran']]);
  });

  it('runs at most `max` workers: more jobs than workers wait their turn', async () => {
    // upstream: twisted/test/test_threadpool.py ThreadPoolTests.test_workerStateTransition (a pool of max 1 has one worker)
    const p = pool(0, 1);
    const ds = [1, 2, 3].map((n) => deferToThreadPool(reactor, p, (k: number) => k * 10, n));
    const values = await Promise.all(ds.map(settled));
    expect(values).toEqual([{ value: 10 }, { value: 20 }, { value: 30 }]);
    expect(p.workers).toBe(1);
  });

  it('start() creates the minimum number of workers', () => {
    // upstream: twisted/test/test_threadpool.py ThreadPoolTests.test_start
    expect(pool(0, 5).workers).toBe(0);
    const p = new ThreadPool(3, 10);
    pools.push(p);
    expect(p.workers).toBe(0);
    p.start();
    expect(p.workers).toBe(3);
  });

  it('callInThread logs the error of a job that throws', async () => {
    // upstream: twisted/test/test_threadpool.py ThreadPoolTests.test_callInThreadException
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const p = pool(0, 1);
      p.callInThread(() => {
        throw new URIError('in the thread');
      });
      await settled(deferToThreadPool(reactor, p, () => 'after')); // FIFO: the first job is done
      expect(logged).toHaveBeenCalledWith('Unhandled error in a thread:', expect.any(URIError));
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses nonsense sizes', () => {
    // upstream: twisted/python/threadpool.py ThreadPool.__init__ (assert minthreads >= 0, minthreads <= maxthreads)
    expect(() => new ThreadPool(-1, 2)).toThrow(RangeError);
    expect(() => new ThreadPool(3, 2)).toThrow(RangeError);
  });
});
