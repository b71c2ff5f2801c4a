// asyncio's Future model — many loop iterations per Node turn (loop.ts `_iterate`), with
// asyncio's order kept and Node's I/O never starved past the turn's budget. The order is checked
// against a trace recorded from CPython (fixtures/asyncio-order.py, .json), as ordered by
// Lib/asyncio/base_events.py BaseEventLoop._run_once. Read loop.test.ts for the rest of the loop.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Future, Protocol, type Server } from '../src/index.js';
import { MAX_ITERATIONS_PER_TURN } from '../src/loop.js';
import { newLoop } from './loops.js';

interface RecordedTrace {
  python: string;
  program: string;
  trace: string[];
}

const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/asyncio-order.json', import.meta.url), 'utf8'),
) as RecordedTrace;

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});

describe('the loop runs many iterations per Node turn', () => {
  it('replays the callback and timer order of a recorded asyncio program', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop._run_once (ntodo = len(self._ready); due
    // timers appended to _ready in heap order) and BaseEventLoop.stop; the program is
    // fixtures/asyncio-order.py, its output (CPython 3.11.7) fixtures/asyncio-order.json.
    const loop = newLoop();
    const trace: string[] = [];
    const log = (x: string): void => {
      trace.push(x);
    };
    const f: Future<number> = loop.createFuture<number>();
    const a = (): void => {
      log('a');
      loop.callSoon(log, 'a.soon');
      loop.callLater(0, log, 'a.later0');
      loop.callAt(loop.time() - 1, log, 'a.past');
      loop.callSoon(log, 'a.soon2');
    };
    const b = (): void => {
      log('b');
      f.setResult(1);
      loop.callSoon(c);
    };
    const c = (): void => {
      log('c');
      f.addDoneCallback(() => log('f.late'));
      loop.callLater(-5, log, 'c.past5');
      loop.callLater(-10, log, 'c.past10');
      loop.callSoon(() => {
        log('c.soon');
        loop.callSoon(d);
      });
    };
    const d = (): void => {
      log('d');
      loop.stop();
      loop.callSoon(log, 'after-stop');
      log('d.end');
    };
    f.addDoneCallback(() => log('f.cb1'));
    f.addDoneCallback(() => log('f.cb2'));
    loop.callLater(0, log, 't0');
    loop.callSoon(a);
    loop.callSoon(b);
    loop.callLater(3_600_000, log, 'never');
    await loop.runForever();
    expect(recorded.python).toBe('3.11.7');
    expect(trace).toEqual(recorded.trace);
  });

  it('yields to Node after at most MAX_ITERATIONS_PER_TURN iterations while callbacks stay ready', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop._run_once polls the selector with timeout 0
    // whenever self._ready is not empty; here Node is polled once per budget (packages/future/README.md)
    const loop = newLoop();
    let iterations = 0;
    let nodeTurnSaw = -1;
    const nodeTurn = loop.createFuture<number>();
    const spin = (): void => {
      iterations++;
      if (iterations === 1) setImmediate(() => (nodeTurnSaw = iterations));
      if (nodeTurnSaw < 0) loop.callSoon(spin);
      else nodeTurn.setResult(nodeTurnSaw);
    };
    loop.callSoon(spin);
    const saw = await loop.runUntilComplete(nodeTurn);
    // Many iterations ran before Node's turn (the time budget is checked every 16), never more than the budget.
    expect(saw).toBeGreaterThanOrEqual(16);
    expect(saw).toBeLessThanOrEqual(MAX_ITERATIONS_PER_TURN);
  });

  it('delivers a socket’s data while callbacks reschedule themselves forever', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop._run_once (I/O events are polled between
    // iterations, so a busy ready queue never starves the selector); the spinner stops only when
    // dataReceived has run, so a starved socket would hang this test.
    const loop = newLoop();
    const received = loop.createFuture<string>();
    class Collect extends Protocol {
      override dataReceived(data: Uint8Array): void {
        if (!received.done()) received.setResult(Buffer.from(data).toString());
      }
    }
    const server = await loop.runUntilComplete(
      loop.createServer(() => new Collect(), '127.0.0.1', 0) as Future<Server>,
    );
    const client = connect(server.address().port, '127.0.0.1');
    sockets.push(client);
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    let spins = 0;
    const spin = (): void => {
      spins++;
      if (!received.done()) loop.callSoon(spin);
    };
    loop.callSoon(spin);
    client.write('ping');
    expect(await loop.runUntilComplete(received)).toBe('ping');
    expect(spins).toBeGreaterThan(0);
    server.abortClients();
    server.close();
  });

  it('runs a timer that falls due while callbacks keep the loop busy, behind the batch', async () => {
    // upstream: Lib/asyncio/base_events.py BaseEventLoop._run_once (end_time = self.time() +
    // clock_resolution: due timers join self._ready behind the callbacks already there)
    const loop = newLoop();
    const seen: string[] = [];
    const fired = loop.createFuture<void>();
    loop.callLater(2, () => {
      seen.push('timer');
      fired.setResult();
    });
    const spin = (): void => {
      if (fired.done()) return;
      seen.push('spin');
      loop.callSoon(spin);
    };
    loop.callSoon(spin);
    await loop.runUntilComplete(fired);
    expect(seen.at(-1)).toBe('timer');
    expect(seen.filter((x) => x === 'timer')).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(1);
  });
});
