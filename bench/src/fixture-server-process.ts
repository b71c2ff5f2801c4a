/**
 * The HTTP fixture server (comparisons/src/fixtures) in its own process, so the
 * fetch suite's clients never share a process or an event loop with it. Prints
 * `{"event":"listening","url"}`; closes when its stdin ends.
 * Read macro/fetch.ts next.
 */
import { startHttpFixture } from '@async-rosetta/comparisons';
import { emit, fail, onCommands } from './proc/lines.js';

startHttpFixture({ host: '127.0.0.1', port: 0 })
  .then((fixture) => {
    emit('listening', { url: fixture.url, pid: process.pid });
    onCommands(
      (cmd) => {
        if (cmd.cmd === 'stats') emit('stats', { ...fixture.stats(), requests: undefined });
      },
      () => fixture.close(),
    );
  })
  .catch(fail);
