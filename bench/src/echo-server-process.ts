/**
 * One echo server in its own process (vmbench: the server never shares a
 * process with its load). `--model M` picks the server ('callback' is the raw
 * node:net limit); it prints `{"event":"listening","host","port"}`, then answers
 * `{"cmd":"mem"}` with its memory after a forced GC and its peak RSS since the
 * last `{"cmd":"reset-peak"}`. Between `{"cmd":"window-start"}` and
 * `{"cmd":"window-end"}` it reads its own CPU time (`process.cpuUsage()`) and the
 * bytes its heap allocated (v8.GCProfiler: freed by each collection, plus the
 * heap's growth), answered as `{"event":"window","cpuUs","allocatedBytes","gcs"}`.
 * It closes when its stdin ends.
 * Read load-process.ts next.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
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
/** The measured window's start readings (CPU, heap) and its GC profiler, between window-start and window-end. */
let window: { cpu: NodeJS.CpuUsage; heap: number } | null = null;
let profiler: GCProfiler | null = null;
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
        } else if (cmd.cmd === 'window-start') {
          window = { cpu: process.cpuUsage(), heap: getHeapStatistics().used_heap_size };
          profiler = new GCProfiler();
          profiler.start();
          emit('window-start');
        } else if (cmd.cmd === 'window-end') {
          if (!window || !profiler) throw new Error('window-end without window-start');
          const cpu = process.cpuUsage(window.cpu);
          const gcs = profiler.stop()?.statistics ?? [];
          profiler = null;
          // Bytes allocated = what the collections freed + how much the heap grew (V8 keeps no counter).
          const freed = gcs.reduce(
            (sum, g) =>
              sum + g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize,
            0,
          );
          const grown = getHeapStatistics().used_heap_size - window.heap;
          emit('window', {
            cpuUs: cpu.user + cpu.system,
            allocatedBytes: freed + grown,
            gcs: gcs.length,
          });
          window = null;
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
