// asyncio's Future model — runInExecutor on a worker_threads pool (BEHAVIOURS.md point 15).
// Mirrors run_in_executor in Lib/test/test_asyncio/test_events.py and test_base_events.py.
// Read net/resource-future.test.ts next.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { type ExceptionContext, InvalidStateError, WorkerPool } from '../src/index.js';
import { newLoop } from './loops.js';

describe('runInExecutor()', () => {
  it('runs the function on a worker thread and completes the Future with its result', async () => {
    // upstream: Lib/test/test_asyncio/test_events.py EventLoopTestsMixin.test_run_in_executor
    const loop = newLoop();
    const f = loop.runInExecutor(
      (a: number, b: number) => {
        const { isMainThread } = require('node:worker_threads');
        return { sum: a + b, isMainThread };
      },
      2,
      3,
    );
    expect(f.done()).toBe(false);
    expect(await loop.runUntilComplete(f)).toEqual({ sum: 5, isMainThread: false });
  });

  it('fails the Future with the error thrown in the worker (class, message and code kept)', async () => {
    // upstream: Lib/asyncio/futures.py _copy_future_state (the job's exception is set on the asyncio Future)
    const loop = newLoop();
    const f = loop.runInExecutor((n: number) => {
      const e = new RangeError(`bad ${n}`);
      Object.assign(e, { code: 'EBAD' });
      throw e;
    }, 7);
    const exc = await loop.runUntilComplete(f).catch((e: unknown) => e);
    expect(exc).toBeInstanceOf(RangeError);
    expect(exc).toMatchObject({ message: 'bad 7', code: 'EBAD' });
  });

  it('refuses an async function (asyncio refuses coroutines)', () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop.run_in_executor (_check_callback "coroutines cannot be used with run_in_executor()")
    const loop = newLoop();
    expect(() => loop.runInExecutor(async () => 1)).toThrow(TypeError);
  });

  it('removes a job from the queue when its Future is cancelled before a worker picks it up', async () => {
    // upstream: Lib/asyncio/futures.py _chain_future (_call_check_cancel: cancelling the asyncio
    // Future cancels the concurrent one, which succeeds while the job is still queued)
    const loop = newLoop({ executorWorkers: 1 });
    const flag = new Int32Array(new SharedArrayBuffer(8));
    // Occupies the only worker until the test releases it.
    const blocker = loop.runInExecutor((shared: Int32Array) => {
      Atomics.wait(shared, 0, 0, 10_000);
      return 'released';
    }, flag);
    const queued = loop.runInExecutor((shared: Int32Array) => {
      Atomics.store(shared, 1, 1); // proof that it ran
      return 'ran';
    }, flag);
    expect(queued.cancel()).toBe(true);
    const after = loop.runInExecutor(() => 'after');
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    expect(await loop.runUntilComplete(blocker)).toBe('released');
    expect(await loop.runUntilComplete(after)).toBe('after');
    expect(Atomics.load(flag, 1)).toBe(0);
    expect(queued.cancelled()).toBe(true);
  });

  it('drops the outcome of a job cancelled while it runs (it cannot be interrupted)', async () => {
    // upstream: Lib/asyncio/futures.py _chain_future (_set_state returns early when the destination is cancelled)
    const loop = newLoop({ executorWorkers: 1 });
    const reports: unknown[] = [];
    loop.setExceptionHandler((_l, ctx) => reports.push(ctx)); // a late setResult would land here
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const running = loop.runInExecutor((shared: Int32Array) => {
      Atomics.store(shared, 1, 1);
      Atomics.wait(shared, 0, 0, 10_000);
      return 'finished anyway';
    }, flag);
    for (let i = 0; i < 2000 && Atomics.load(flag, 1) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(Atomics.load(flag, 1)).toBe(1); // the job has started
    expect(running.cancel()).toBe(true);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    const next = loop.runInExecutor(() => 'pool still works');
    expect(await loop.runUntilComplete(next)).toBe('pool still works');
    expect(running.cancelled()).toBe(true);
    expect(reports).toEqual([]);
  });

  it('reports to the exception handler when its Future was completed by hand before the job ended', async () => {
    // upstream: Lib/asyncio/futures.py _chain_future (_set_state → _copy_future_state, which
    // skips only a cancelled destination; CPython 3.11 reports "Exception in callback
    // _chain_future.<locals>._set_state(...)" when it was completed by hand)
    const loop = newLoop();
    const reported = loop.createFuture<ExceptionContext>();
    loop.setExceptionHandler((_l, ctx) => {
      if (!reported.done()) reported.setResult(ctx);
    });
    const f = loop.runInExecutor(() => 'from the worker');
    f.setResult('by hand');
    const ctx = await loop.runUntilComplete(reported);
    expect(ctx.message).toMatch(/^Exception in callback /);
    expect(ctx.exception).toBeInstanceOf(InvalidStateError);
    expect(f.result()).toBe('by hand');
  });

  it('runs jobs on at most executorWorkers threads', async () => {
    // upstream: Lib/concurrent/futures/thread.py ThreadPoolExecutor (max_workers bounds the threads)
    const loop = newLoop({ executorWorkers: 2 });
    const ids = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        loop.runUntilComplete(
          loop.runInExecutor((k: number) => {
            const start = Date.now();
            while (Date.now() - start < 20) {
              /* busy, so that jobs overlap */
            }
            return [k, require('node:worker_threads').threadId];
          }, n),
        ),
      ),
    );
    expect(ids.map(([k]) => k)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(ids.map(([, threadId]) => threadId)).size).toBeLessThanOrEqual(2);
  });

  it('cancels pending jobs when the loop is closed', async () => {
    // upstream: Lib/test/test_asyncio/test_base_events.py BaseEventLoopTests.test_close (close() shuts the default executor down)
    const loop = newLoop({ executorWorkers: 1 });
    const flag = new Int32Array(new SharedArrayBuffer(8));
    const busy = loop.runInExecutor((shared: Int32Array) => {
      Atomics.wait(shared, 0, 0, 10_000);
      return 1;
    }, flag);
    const queued = loop.runInExecutor(() => 2);
    loop.close();
    expect(busy.cancelled()).toBe(true);
    expect(queued.cancelled()).toBe(true);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});

describe('WorkerPool', () => {
  it('rejects a pool size that is not a positive integer', () => {
    // upstream: Lib/concurrent/futures/thread.py ThreadPoolExecutor.__init__ ("max_workers must be greater than 0")
    expect(() => new WorkerPool(0)).toThrow(RangeError);
  });
});

describe('an idle executor pool in a real process (the esbuild bundle)', () => {
  it('does not keep the process alive, and close() terminates its workers', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop.close (executor.shutdown(wait=False))
    const dir = await mkdtemp(join(tmpdir(), 'future-executor-'));
    try {
      const bundle = join(dir, 'future.mjs');
      await build({
        entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: bundle,
        logLevel: 'silent',
      });
      const script = join(dir, 'main.mjs');
      // Without close(): the process must exit by itself once the job is done (idle workers are
      // unref'd). With close(): same, after terminating the workers.
      await writeFile(
        script,
        `import { EventLoop } from './future.mjs';
const loop = new EventLoop();
const result = await loop.runUntilComplete(loop.runInExecutor((a, b) => a * b, 6, 7));
console.log('result', result);
if (process.argv[2] === 'close') { loop.close(); console.log('closed'); }
`,
      );
      const run = (arg: string): Promise<string> =>
        new Promise((resolve, reject) => {
          execFile(process.execPath, [script, arg], { timeout: 20_000 }, (err, stdout) =>
            err ? reject(err) : resolve(stdout),
          );
        });
      expect(await run('idle')).toBe('result 42\n');
      expect(await run('close')).toBe('result 42\nclosed\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
