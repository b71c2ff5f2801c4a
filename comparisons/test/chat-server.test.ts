/**
 * Conformance suite, T5 `serveChat` (comparisons/SPEC.md): joining and names, relaying to
 * every other client in one global order and each sender's order, long lines, leaving on
 * end, reset or drop, a client that never reads while others send megabytes, close(), and
 * bad options — run over every registered model, with raw `node:net` clients
 * (support/chat-peer.ts) that await each line as it arrives.
 * The scenarios follow the classic chat servers: Twisted's docs/core/examples/chatserver.py
 * (broadcast from the factory's client list) and the Tulip talk's demos/8-chat/demo.py
 * (join, talk, leave). Read support/chat-peer.ts for the client.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  MAX_CHAT_LINE_BYTES,
  MAX_CHAT_MESSAGE_BYTES,
  normalizeChatServerOptions,
} from '@async-rosetta/task-spec';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type {
  ChatServer,
  ChatServerOptions,
  ChatServerStats,
  ModelAdapter,
} from '../src/models/contract.js';
import { models } from '../src/models/index.js';
import { ChatPeer } from './support/chat-peer.js';
import { expectCode } from './support/expect.js';
import { freePort } from './support/net.js';
import { type RunContext, run } from './support/run.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Starts the model's chat server; registers a close as clean-up; `close` may be called again. */
async function serve(
  t: RunContext,
  model: ModelAdapter,
  o?: ChatServerOptions,
): Promise<{ server: ChatServer; port: number; close: () => Promise<ChatServerStats> }> {
  const server = await model.serveChat(o);
  let closing: Promise<ChatServerStats> | undefined;
  const close = () => (closing ??= server.close());
  t.defer(close);
  return { server, port: server.address.port, close };
}

/** A client owned by the test: destroyed by its clean-up whatever happens. */
async function peer(t: RunContext, port: number, name?: string): Promise<ChatPeer> {
  const p = name === undefined ? await ChatPeer.connect(port) : await ChatPeer.join(port, name);
  t.defer(() => p.destroy());
  return p;
}

/** Writes `data` to `p`, waiting for 'drain' when its buffer is full (a well-behaved sender). */
async function write(p: ChatPeer, data: string): Promise<void> {
  if (!p.socket.write(Buffer.from(data, 'latin1'))) await once(p.socket, 'drain');
}

describe.each(models)('serveChat() — $name', (model) => {
  // T5.1 ---------------------------------------------------------------------
  run(model, 'T5.1', 'listens on 127.0.0.1 at a free port by default and reports it', async (t) => {
    const { server, port } = await serve(t, model);
    expect(server.address.host).toBe('127.0.0.1');
    expect(Number.isInteger(port) && port > 0).toBe(true);
    await peer(t, port, 'ann');
  });

  run(model, 'T5.1', 'listens on the port it is given', async (t) => {
    const wanted = await freePort();
    const { server } = await serve(t, model, { host: '127.0.0.1', port: wanted });
    expect(server.address).toEqual({ host: '127.0.0.1', port: wanted });
    await peer(t, wanted, 'ann');
  });

  // T5.2 ---------------------------------------------------------------------
  run(
    model,
    'T5.2',
    'answers a bad name with * bad name and lets the client try again',
    async (t) => {
      const { port } = await serve(t, model);
      const p = await peer(t, port);
      for (const bad of ['', 'two words', 'x'.repeat(33), 'ann!', 'Zoë', 'tab\there']) {
        p.send(`${bad}\n`);
        await p.expect('* bad name');
      }
      p.send(`${'n'.repeat(32)}\n`);
      await p.expect(`* you are ${'n'.repeat(32)}`);
    },
  );

  run(
    model,
    'T5.2',
    'answers a name in use with * name taken; names are case-sensitive',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const other = await peer(t, port);
      other.send('ann\n');
      await other.expect('* name taken');
      other.send('Ann\n');
      await other.expect('* you are Ann');
      await ann.expect('* Ann joined');
    },
  );

  run(
    model,
    'T5.2',
    'tells every other joined client * NAME joined, and not the newcomer',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      await ann.expect('* bob joined');
      const cy = await peer(t, port, 'cy');
      await ann.expect('* cy joined');
      await bob.expect('* cy joined');
      ann.send('marker\n'); // cy's next line is this, so it was told nothing of its own joining
      await cy.expect('ann: marker');
    },
  );

  run(model, 'T5.2', 'sends a client that has not joined nothing of the room', async (t) => {
    const { port } = await serve(t, model);
    const lurker = await peer(t, port);
    const ann = await peer(t, port, 'ann');
    const bob = await peer(t, port, 'bob');
    await ann.expect('* bob joined');
    ann.send('hello bob\n');
    await bob.expect('ann: hello bob');
    bob.destroy();
    await ann.expect('* bob left');
    lurker.send('lurker\n');
    await lurker.expect('* you are lurker'); // its first line: nothing of the above came before
    await ann.expect('* lurker joined');
    expect(lurker.lines).toEqual(['* you are lurker']);
  });

  run(model, 'T5.2', 'takes a name sent as NAME\\r\\n (telnet, nc -C)', async (t) => {
    const { port } = await serve(t, model);
    const ann = await peer(t, port, 'ann');
    const bob = await peer(t, port);
    bob.send('bob\r\n');
    await bob.expect('* you are bob');
    await ann.expect('* bob joined');
    bob.send('hi\r\n');
    await ann.expect('bob: hi');
  });

  // T5.3 ---------------------------------------------------------------------
  run(
    model,
    'T5.3',
    'relays each line as NAME: L to every other joined client, never to its sender',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      const cy = await peer(t, port, 'cy');
      await ann.expect('* bob joined');
      await ann.expect('* cy joined');
      await bob.expect('* cy joined');
      ann.send('hello, all\n');
      await bob.expect('ann: hello, all');
      await cy.expect('ann: hello, all');
      bob.send('hi ann\n');
      await ann.expect('bob: hi ann'); // ann's next line: its own line never came back
      await cy.expect('bob: hi ann');
    },
  );

  run(
    model,
    'T5.3',
    'relays bytes unchanged: invalid UTF-8, multi-byte text, an empty line',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      await ann.expect('* bob joined');
      const invalid = Buffer.from([0xff, 0xfe, 0x80, 0x00, 0x41]);
      bob.send(Buffer.concat([invalid, Buffer.from('\n')]));
      await ann.expect(`bob: ${invalid.toString('latin1')}`);
      bob.send(Buffer.from('Grüße, 世界 🌍\n'));
      await ann.expect(`bob: ${Buffer.from('Grüße, 世界 🌍').toString('latin1')}`);
      bob.send('\n');
      await ann.expect('bob: ');
    },
  );

  run(
    model,
    'T5.3',
    'all receivers see the relayed lines in one order, and each sender’s in the order sent',
    async (t) => {
      const { port, close } = await serve(t, model);
      const senders = await Promise.all(['s0', 's1', 's2'].map((n) => peer(t, port, n)));
      const listeners = await Promise.all(['l0', 'l1'].map((n) => peer(t, port, n)));
      const everyone = [...senders, ...listeners];
      const N = 300;
      // Each sender writes its numbered lines in small pieces, all at once: they interleave.
      await Promise.all(
        senders.map(async (s, i) => {
          for (let k = 0; k < N; k++) await write(s, `s${i} line ${k} ${'.'.repeat(k % 50)}\n`);
        }),
      );
      const relayedFrom = (lines: readonly string[]) => lines.filter((l) => /^s\d: /.test(l));
      for (const [j, p] of everyone.entries()) {
        const expected = j < senders.length ? 2 * N : 3 * N;
        await p.until((lines) => relayedFrom(lines).length === expected);
      }
      // Each sender's lines arrive in the order sent, everywhere.
      for (const p of everyone) {
        for (let i = 0; i < senders.length; i++) {
          const mine = relayedFrom(p.lines).filter((l) => l.startsWith(`s${i}: `));
          if (mine.length === 0) continue;
          expect(mine.map((l) => Number(l.split(' ')[3]))).toEqual([...Array(N).keys()]);
        }
      }
      // One global order: any two receivers agree on the lines both received.
      const orders = everyone.map((p) => relayedFrom(p.lines));
      for (let a = 0; a < everyone.length; a++) {
        for (let b = a + 1; b < everyone.length; b++) {
          const both = (l: string) => !l.startsWith(`s${a}: `) && !l.startsWith(`s${b}: `);
          expect(orders[a]!.filter(both)).toEqual(orders[b]!.filter(both));
        }
      }
      expect(orders[3]).toEqual(orders[4]); // the listeners received all of it, in one order
      expect((await close()).linesRelayed).toBe(3 * N);
    },
    30_000,
  );

  // T5.4 ---------------------------------------------------------------------
  run(
    model,
    'T5.4',
    'answers a line over 1,024 bytes with * line too long and does not relay it',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      await ann.expect('* bob joined');
      const exact = 'e'.repeat(MAX_CHAT_LINE_BYTES);
      bob.send(`${exact}\n${'x'.repeat(MAX_CHAT_LINE_BYTES + 1)}\n${'y'.repeat(5000)}\nafter\n`);
      await bob.expect('* line too long');
      await bob.expect('* line too long');
      await ann.expect(`bob: ${exact}`); // exactly 1,024 bytes is a line
      await ann.expect('bob: after'); // neither long line, nor any tail of one, was relayed
    },
  );

  run(
    model,
    'T5.4',
    'says * line too long as soon as the line passes 1,024 bytes, before its \\n',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      await ann.expect('* bob joined');
      bob.send('z'.repeat(MAX_CHAT_LINE_BYTES + 1));
      await bob.expect('* line too long'); // no `\n` sent yet
      await write(bob, 'z'.repeat(4 * MiB)); // the rest of it is skipped, never held
      bob.send('zz\nnext\n');
      await ann.expect('bob: next');
    },
  );

  run(
    model,
    'T5.4',
    'answers a long first line the same way; the client is still unnamed',
    async (t) => {
      const { port } = await serve(t, model);
      const p = await peer(t, port);
      p.send(`${'n'.repeat(2000)}\n`);
      await p.expect('* line too long');
      p.send('ann\n');
      await p.expect('* you are ann');
    },
  );

  // T5.5 ---------------------------------------------------------------------
  run(
    model,
    'T5.5',
    'tells the others * NAME left once when a client ends its stream',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      await ann.expect('* bob joined');
      bob.send('partial last line, never ended');
      bob.socket.end();
      await ann.expect('* bob left'); // the partial line was not relayed
      await bob.closed;
      const cy = await peer(t, port, 'cy');
      await ann.expect('* cy joined'); // and no second `left` came before it
      cy.destroy();
      await ann.expect('* cy left');
      const bob2 = await peer(t, port, 'bob'); // a name is free again once its holder left
      await ann.expect('* bob joined');
      bob2.send('back\n');
      await ann.expect('bob: back');
    },
  );

  run(
    model,
    'T5.5',
    'tells the others * NAME left once when a client resets its connection',
    async (t) => {
      const { port } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      await ann.expect('* bob joined');
      bob.socket.resetAndDestroy();
      await ann.expect('* bob left');
      const cy = await peer(t, port, 'cy');
      await ann.expect('* cy joined');
      cy.send('still here\n');
      await ann.expect('cy: still here');
    },
  );

  // T5.6 ---------------------------------------------------------------------
  run(
    model,
    'T5.6',
    'drops a client that never reads while others send megabytes; the others keep going, its queue stays bounded',
    async (t) => {
      const maxQueuedBytes = 256 * KiB;
      const { port, close } = await serve(t, model, { maxQueuedBytes });
      const slow = await peer(t, port, 'slow');
      slow.socket.pause(); // never reads again: the kernel's buffers fill, then its queue
      const senders = [await peer(t, port, 'a'), await peer(t, port, 'b')];
      const reader = await peer(t, port, 'r');
      const filler = 'x'.repeat(1000);
      const sent = [0, 0];
      let bytes = 0;
      // Batches of 50 lines from each sender at once, each batch awaited at every reader that
      // reads: so a reader that reads is never far behind, and only the slow one falls behind.
      // Until the slow client is gone and 4 MiB went out; past 64 MiB it never will be.
      while (!(reader.notices.includes('* slow left') && bytes >= 4 * MiB)) {
        if (bytes > 64 * MiB) throw new Error('the slow client was never dropped');
        await Promise.all(
          senders.map(async (s, i) => {
            for (let k = 0; k < 50; k++) {
              const line = `${sent[i]} ${filler}\n`;
              sent[i]! += 1;
              bytes += line.length;
              await write(s, line);
            }
          }),
        );
        await reader.untilFrom('a', sent[0]!);
        await reader.untilFrom('b', sent[1]!);
        await senders[0]!.untilFrom('b', sent[1]!);
        await senders[1]!.untilFrom('a', sent[0]!);
      }
      const from = (who: string) =>
        reader.lines.filter((l) => l.startsWith(`${who}: `)).map((l) => Number(l.split(' ')[1]));
      expect(from('a')).toEqual([...Array(sent[0]).keys()]); // nothing lost, in order
      expect(from('b')).toEqual([...Array(sent[1]).keys()]);
      expect(reader.notices).toEqual(['* you are r', '* slow left']);
      const stats = await close();
      expect(stats.dropped).toBe(1);
      expect(stats.linesRelayed).toBe(sent[0]! + sent[1]!);
      expect(stats.peakQueuedBytes).toBeGreaterThan(maxQueuedBytes);
      expect(stats.peakQueuedBytes).toBeLessThanOrEqual(maxQueuedBytes + MAX_CHAT_MESSAGE_BYTES);
    },
    60_000,
  );

  run(model, 'T5.6', 'keeps a client whose queue stays within maxQueuedBytes', async (t) => {
    const { port, close } = await serve(t, model, { maxQueuedBytes: 64 * MiB });
    const slow = await peer(t, port, 'slow');
    slow.socket.pause();
    const ann = await peer(t, port, 'ann');
    for (let k = 0; k < 2000; k++) await write(ann, `${k} ${'y'.repeat(1000)}\n`);
    slow.socket.resume(); // it reads at last: everything waited for it
    await slow.untilFrom('ann', 2000);
    const numbers = slow.lines
      .filter((l) => l.startsWith('ann: '))
      .map((l) => Number(l.split(' ')[1]));
    expect(numbers).toEqual([...Array(2000).keys()]);
    expect((await close()).dropped).toBe(0);
  });

  // T5.7 ---------------------------------------------------------------------
  run(
    model,
    'T5.7',
    'close() stops accepting, sends * server closing as each client’s last line, ends it, and gives the stats',
    async (t) => {
      const { port, close } = await serve(t, model);
      const ann = await peer(t, port, 'ann');
      const bob = await peer(t, port, 'bob');
      const anon = await peer(t, port);
      await ann.expect('* bob joined');
      ann.send('one\n');
      await bob.expect('ann: one');
      bob.send('two\n');
      await ann.expect('bob: two');
      anon.send('!\n');
      await anon.expect('* bad name');
      const stats = await close();
      expect(stats).toEqual({
        connections: 3,
        linesRelayed: 2,
        dropped: 0,
        peakQueuedBytes: expect.any(Number),
      });
      for (const p of [ann, bob, anon]) {
        expect(await p.rest()).toEqual(['* server closing']); // no `left` after it, and then the end
        await p.closed;
      }
      await expect(ChatPeer.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    },
  );

  run(
    model,
    'T5.7',
    'close() destroys a connection still open graceMs later, and resolves',
    async (t) => {
      const { port, close } = await serve(t, model, { maxQueuedBytes: 64 * MiB, graceMs: 50 });
      const stuck = await peer(t, port, 'stuck');
      stuck.socket.pause(); // reads nothing: what waits for it can never be flushed
      const ann = await peer(t, port, 'ann');
      const reader = await peer(t, port, 'r');
      for (let k = 0; k < 8 * 1024; k++) await write(ann, `${k} ${'z'.repeat(1000)}\n`);
      await reader.untilFrom('ann', 8 * 1024); // 8 MiB wait for `stuck`: more than the kernel holds
      const stats = await close();
      expect(stats).toMatchObject({ connections: 3, dropped: 0 });
      await reader.closed;
      expect(reader.lines.slice(-2)).toEqual([`ann: 8191 ${'z'.repeat(1000)}`, '* server closing']);
    },
  );

  // T5.8 ---------------------------------------------------------------------
  for (const bad of [
    { maxQueuedBytes: -1 },
    { maxQueuedBytes: 1.5 },
    { maxQueuedBytes: 2 ** 30 + 1 },
    { maxQueuedBytes: '1024' },
    { port: 70_000 },
    { port: -1 },
    { host: '' },
    { graceMs: -1 },
  ]) {
    run(
      model,
      'T5.8',
      `fails with EINVAL for ${JSON.stringify(bad)}, listening on nothing`,
      async () => {
        const error = await expectCode(model.serveChat(bad as ChatServerOptions), 'EINVAL');
        expect(error.message).toContain(Object.keys(bad)[0]);
      },
    );
  }

  run(
    model,
    'T5.8',
    'gives task-spec’s verdict for any options: EINVAL through its channel, or a server',
    async () => {
      const value = fc.constantFrom<unknown>(
        undefined,
        -1,
        0,
        1.5,
        2 ** 30,
        2 ** 30 + 1,
        Number.NaN,
        '7',
        null,
      );
      await fc.assert(
        fc.asyncProperty(
          value,
          value,
          fc.constantFrom<unknown>(undefined, '', 'a b', '127.0.0.1'),
          async (maxQueuedBytes, graceMs, host) => {
            const options = { maxQueuedBytes, graceMs, host } as ChatServerOptions;
            const expected = normalizeChatServerOptions(options).error ? 'EINVAL' : 'ok';
            let served: ChatServer | undefined;
            const got = await model.serveChat(options).then(
              (server) => {
                served = server;
                return 'ok';
              },
              (e: { code?: string }) => e.code,
            );
            await served?.close();
            expect(got).toBe(expected);
          },
        ),
        { numRuns: 40 },
      );
    },
  );

  run(model, 'T5.8', 'fails with EADDRINUSE when the port is taken', async (t) => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    t.defer(() => new Promise((resolve) => taken.close(resolve)));
    const { port } = taken.address() as { port: number };
    await expectCode(model.serveChat({ port }), 'EADDRINUSE');
  });
});
