/**
 * One echo server in its own process (vmbench: the server never shares a
 * process with its load). `--model M` picks the server ('callback' is the raw
 * node:net limit); it prints `{"event":"listening","host","port"}`, then answers
 * `{"cmd":"mem"}` with its memory after a forced GC and its peak RSS since the
 * last `{"cmd":"reset-peak"}`. It closes when its stdin ends.
 * Read load-process.ts next.
 */
import { arg, emit, fail, onCommands } from './proc/lines.js';
import { settledMemory } from './proc/memory.js';
import { echoServers } from './servers.js';

const name = arg('model');
const entry = echoServers().find((s) => s.name === name);
if (!entry)
  fail(
    new Error(
      `no echo server named ${name}; known: ${echoServers()
        .map((s) => s.name)
        .join(', ')}`,
    ),
  );

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

entry
  .start()
  .then((server) => {
    emit('listening', { host: server.host, port: server.port, pid: process.pid });
    onCommands(
      async (cmd) => {
        if (cmd.cmd === 'reset-peak') {
          peakRss = process.memoryUsage().rss;
          emit('reset-peak');
        } else if (cmd.cmd === 'mem') {
          const peak = Math.max(peakRss, process.memoryUsage().rss);
          emit('mem', { ...(await settledMemory()), peakRss: peak });
        }
      },
      async () => {
        clearInterval(sampler);
        const timer = setTimeout(() => process.exit(0), 3000);
        await server.close().catch(() => {});
        clearTimeout(timer);
      },
    );
  })
  .catch(fail);
