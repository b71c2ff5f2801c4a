/**
 * async/await model — taskGroup (src/task-group.ts): results in order, the
 * first failure aborts the siblings, waits for them and is rethrown.
 * Read byte-reader.test.ts next.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { taskGroup } from '../src/task-group.js';

describe('taskGroup()', () => {
  it('resolves with every result in index order', async () => {
    // upstream: Lib/test/test_asyncio/test_taskgroups.py TestTaskGroup.test_taskgroup_01
    const results = await taskGroup(3, async (i) => {
      await sleep(30 - i * 10);
      return i * 11;
    });
    expect(results).toEqual([0, 11, 22]);
  });

  it('resolves with [] for no members', async () => {
    expect(await taskGroup(0, async () => 1)).toEqual([]);
  });

  it('aborts the siblings on the first failure, waits for them, then rethrows that failure', async () => {
    // upstream: Lib/test/test_asyncio/test_taskgroups.py TestTaskGroup.test_taskgroup_04
    const boom = new Error('boom');
    const wound: number[] = [];
    const group = taskGroup(3, async (i, signal) => {
      if (i === 1) {
        await sleep(5);
        throw boom;
      }
      await once(signal, 'abort').catch(() => {});
      await sleep(10); // winding down takes a while; the group must wait for it
      wound.push(i);
    });
    await expect(group).rejects.toBe(boom);
    expect(wound.sort()).toEqual([0, 2]);
  });

  it('gives the siblings a signal whose reason is an ECANCELLED error caused by the failure', async () => {
    const boom = new Error('boom');
    let reason: unknown;
    await taskGroup(2, async (i, signal) => {
      if (i === 0) throw boom;
      await once(signal, 'abort').catch(() => {});
      reason = signal.reason;
    }).catch(() => {});
    expect(reason).toMatchObject({ code: 'ECANCELLED', cause: boom });
  });

  it('passes the caller’s abort to every member', async () => {
    const controller = new AbortController();
    const group = taskGroup(
      2,
      async (_i, signal) => {
        await once(signal, 'abort').catch(() => {});
        signal.throwIfAborted();
      },
      controller.signal,
    );
    controller.abort(new Error('stop'));
    await expect(group).rejects.toThrow('stop');
  });
});
