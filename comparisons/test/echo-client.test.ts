/**
 * Conformance suite, T4 `echoClient` (comparisons/SPEC.md): the closed loop and
 * its deterministic payloads, summed stats, every failure code against the echo
 * fixture's ill-behaved modes, cancel, and no leftovers — run over every
 * registered model. Read error-vocabulary.test.ts next.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type EchoFixture, type EchoFixtureMode, startEchoFixture } from '../src/fixtures/index.js';
import { models } from '../src/models/index.js';
import { expectCode, GUARD_MS, PROMPT_MS, since } from './support/expect.js';
import { expectNoLeaks, snapshotResources } from './support/leaks.js';
import { freePort, startLateEcho, startSplitEcho } from './support/net.js';
import { type RunContext, run } from './support/run.js';

/** One echo fixture per mode, shared by the file (they keep no per-test state but counters). */
const fixtures = new Map<string, EchoFixture>();
const MODES: [string, EchoFixtureMode, number?][] = [
  ['echo', 'echo'],
  ['corrupt', 'corrupt', 1500],
  ['close-early', 'close-early', 1500],
  ['reset', 'reset', 1500],
  ['reset-at-once', 'reset', 0],
  ['hang', 'hang'],
];
beforeAll(async () => {
  for (const [name, mode, afterBytes] of MODES) {
    fixtures.set(
      name,
      await startEchoFixture(afterBytes === undefined ? { mode } : { mode, afterBytes }),
    );
  }
});
afterAll(async () => {
  for (const f of fixtures.values()) await f.close();
});

/** The fixture `name` and a reading of its counters relative to now. */
function fixture(name: string) {
  const f = fixtures.get(name)!;
  const base = f.stats();
  const delta = () => {
    const s = f.stats();
    return {
      accepted: s.accepted - base.accepted,
      closedByClient: s.closedByClient - base.closedByClient,
      open: s.open,
    };
  };
  const waitFor = async (pred: (d: ReturnType<typeof delta>) => boolean, timeoutMs: number) => {
    const start = performance.now();
    while (!pred(delta())) {
      if (since(start) > timeoutMs)
        expect.fail(`echo fixture ${name}: not met in ${timeoutMs} ms: ${JSON.stringify(delta())}`);
      await sleep(5);
    }
  };
  return { port: f.port, delta, waitFor };
}

/** A late (or stale) echo server owned by the test. */
async function lateEcho(t: RunContext, o: Parameters<typeof startLateEcho>[0]) {
  const server = await startLateEcho(o);
  t.defer(() => server.close());
  return server;
}

describe.each(models)('echoClient() — $name', (model) => {
  // T4.1 ---------------------------------------------------------------------
  run(model, 'T4.1', 'opens `connections` connections and echoes every message', async () => {
    const echo = fixture('echo');
    const stats = await model.echoClient({
      port: echo.port,
      messages: 20,
      size: 1000,
      connections: 3,
    }).result;
    expect(stats).toEqual({ messages: 60, bytes: 60_000, mismatches: 0 });
    expect(echo.delta().accepted).toBe(3);
  });

  run(model, 'T4.1', 'opens one connection by default', async () => {
    const echo = fixture('echo');
    await model.echoClient({ port: echo.port, messages: 2, size: 10 }).result;
    expect(echo.delta().accepted).toBe(1);
  });

  run(
    model,
    'T4.1',
    'sends one message at a time: the next only after the whole echo is back',
    async (t) => {
      const server = await lateEcho(t, { delayMs: 20 });
      await model.echoClient({ port: server.port, messages: 5, size: 3000, connections: 2 }).result;
      expect(server.maxOutstanding(), 'bytes sent but not yet echoed, at most').toBeLessThanOrEqual(
        3000,
      );
    },
  );

  run(model, 'T4.1', 'sends deterministic payloads that differ between messages', async (t) => {
    const server = await lateEcho(t, { delayMs: 0 });
    await model.echoClient({ port: server.port, messages: 3, size: 256 }).result;
    await model.echoClient({ port: server.port, messages: 3, size: 256 }).result;
    const [first, second] = server.received();
    expect(first!.length).toBe(768);
    expect(first!.equals(second!), 'the same bytes on every run').toBe(true);
    const messages = [0, 1, 2].map((m) => first!.subarray(m * 256, (m + 1) * 256).toString('hex'));
    expect(new Set(messages).size, 'three different messages').toBe(3);
  });

  run(model, 'T4.1', 'catches a server that echoes stale data', async (t) => {
    const server = await lateEcho(t, { delayMs: 0, staleSize: 256 });
    await expectCode(
      model.echoClient({ port: server.port, messages: 3, size: 256 }).result,
      'EPROTO',
    );
  });

  // T4.2 ---------------------------------------------------------------------
  run(
    model,
    'T4.2',
    'resolves with messages and bytes summed over the connections, mismatches 0',
    async () => {
      const echo = fixture('echo');
      const stats = await model.echoClient({
        port: echo.port,
        messages: 7,
        size: 333,
        connections: 4,
      }).result;
      expect(stats).toEqual({ messages: 28, bytes: 28 * 333, mismatches: 0 });
    },
  );

  run(model, 'T4.2', 'resolves with zero counts for zero messages', async () => {
    const echo = fixture('echo');
    const stats = await model.echoClient({
      port: echo.port,
      messages: 0,
      size: 100,
      connections: 2,
    }).result;
    expect(stats).toEqual({ messages: 0, bytes: 0, mismatches: 0 });
  });

  // T4.3 ---------------------------------------------------------------------
  run(model, 'T4.3', 'fails with EPROTO when an echo comes back different', async () => {
    await expectCode(
      model.echoClient({ port: fixture('corrupt').port, messages: 3, size: 1000 }).result,
      'EPROTO',
    );
  });

  run(
    model,
    'T4.3',
    'fails with ECONNRESET when the server closes before the echo is whole',
    async () => {
      await expectCode(
        model.echoClient({ port: fixture('close-early').port, messages: 3, size: 1000 }).result,
        'ECONNRESET',
      );
    },
  );

  run(model, 'T4.3', 'fails with ECONNRESET when the server resets mid-echo', async () => {
    await expectCode(
      model.echoClient({ port: fixture('reset').port, messages: 3, size: 1000 }).result,
      'ECONNRESET',
    );
  });

  run(model, 'T4.3', 'fails with ECONNRESET when the server resets at once', async () => {
    await expectCode(
      model.echoClient({ port: fixture('reset-at-once').port, messages: 3, size: 1000 }).result,
      'ECONNRESET',
    );
  });

  run(model, 'T4.3', 'fails with ECONNREFUSED when nothing listens', async () => {
    await expectCode(
      model.echoClient({ port: await freePort(), messages: 1, size: 10 }).result,
      'ECONNREFUSED',
    );
  });

  run(
    model,
    'T4.3',
    'fails with ETIMEDOUT when the echo does not come back within timeoutMs',
    async () => {
      const hang = fixture('hang');
      const start = performance.now();
      await expectCode(
        model.echoClient({ port: hang.port, messages: 1, size: 10, connections: 2, timeoutMs: 150 })
          .result,
        'ETIMEDOUT',
      );
      expect(since(start)).toBeGreaterThanOrEqual(140);
      await hang.waitFor((d) => d.closedByClient === 2, PROMPT_MS);
    },
  );

  run(model, 'T4.3', 'applies timeoutMs as one deadline over the whole run', async (t) => {
    // 12 messages answered 40 ms late each: ~480 ms in all, each message well within 250 ms.
    const server = await lateEcho(t, { delayMs: 40 });
    await expectCode(
      model.echoClient({ port: server.port, messages: 12, size: 100, timeoutMs: 250 }).result,
      'ETIMEDOUT',
    );
  });

  run(
    model,
    'T4.3',
    'fails fast: the first failing connection closes the others at once',
    async (t) => {
      const server = await startSplitEcho(); // connection 1 gets a bad echo, 2 and 3 never an answer
      t.defer(() => server.close());
      const start = performance.now();
      await expectCode(
        model.echoClient({ port: server.port, messages: 2, size: 100, connections: 3 }).result,
        'EPROTO',
      );
      expect(server.accepted()).toBe(3);
      // Connections 2 and 3 are never answered: only a client that fails fast closes them.
      // Awaited as an event; the bound only keeps a client that never closes from hanging.
      for (; server.closedByClient() < 3; await sleep(5)) {
        const closed = server.closedByClient();
        expect(since(start), `connections closed by the client: ${closed} of 3`).toBeLessThan(
          GUARD_MS,
        );
      }
    },
  );

  run(
    model,
    'T4.3',
    'fails with EINVAL, through the result, for bad messages, size or connections',
    async () => {
      const echo = fixture('echo');
      const bad = [
        { messages: -1, size: 10 },
        { messages: 1.5, size: 10 },
        { messages: 1, size: 0 },
        { messages: 1, size: 2.5 },
        { messages: 1, size: 10, connections: 0 },
        { messages: 1, size: 10, connections: 1.5 },
      ];
      for (const o of bad) {
        let task: ReturnType<typeof model.echoClient> | undefined;
        expect(() => {
          task = model.echoClient({ port: echo.port, ...o });
        }, JSON.stringify(o)).not.toThrow();
        await expectCode(task!.result, 'EINVAL');
      }
      // A marker instead of a quiet window: one good run after the bad ones. The fixture
      // accepts connections in arrival order, so one a bad argument had opened would
      // have been accepted before the marker's.
      await model.echoClient({ port: echo.port, messages: 1, size: 10 }).result;
      expect(echo.delta().accepted, 'no connection for a bad argument').toBe(1);
    },
  );

  // T4.4 ---------------------------------------------------------------------
  run(
    model,
    'T4.4',
    'cancel closes every connection promptly and rejects with ECANCELLED',
    async () => {
      const hang = fixture('hang');
      const task = model.echoClient({ port: hang.port, messages: 5, size: 100, connections: 3 });
      await hang.waitFor((d) => d.accepted === 3, 5_000);
      await sleep(20); // the first messages are out
      const cancelledAt = performance.now();
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      await hang.waitFor((d) => d.closedByClient === 3, PROMPT_MS);
      expect(since(cancelledAt)).toBeLessThan(PROMPT_MS);
    },
  );

  run(
    model,
    'T4.4',
    'cancel mid-run against a working server also rejects with ECANCELLED',
    async (t) => {
      const server = await lateEcho(t, { delayMs: 20 });
      const task = model.echoClient({
        port: server.port,
        messages: 1000,
        size: 100,
        connections: 2,
      });
      await sleep(150);
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
    },
  );

  // T4.5 ---------------------------------------------------------------------
  run(
    model,
    'T4.5',
    'leaves no socket or timer after success, failure, timeout and cancel',
    async () => {
      const before = snapshotResources();
      await model.echoClient({
        port: fixture('echo').port,
        messages: 3,
        size: 100,
        connections: 2,
        timeoutMs: 10_000,
      }).result;
      await expectNoLeaks(before);
      await expectCode(
        model.echoClient({
          port: fixture('corrupt').port,
          messages: 3,
          size: 1000,
          timeoutMs: 10_000,
        }).result,
        'EPROTO',
      );
      await expectNoLeaks(before);
      await expectCode(
        model.echoClient({ port: fixture('hang').port, messages: 1, size: 10, timeoutMs: 50 })
          .result,
        'ETIMEDOUT',
      );
      await expectNoLeaks(before);
      const task = model.echoClient({
        port: fixture('hang').port,
        messages: 1,
        size: 10,
        timeoutMs: 10_000,
      });
      await sleep(30);
      task.cancel();
      await expectCode(task.result, 'ECANCELLED');
      await expectNoLeaks(before);
    },
  );
});
