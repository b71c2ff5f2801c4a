/**
 * The rosetta command: dispatch and exit status.
 * Contract: 0 success; 1 the task failed (`<code>: <message>` on stderr, one line);
 * 2 bad usage (a one-line reason, then the usage; never a stack trace).
 * Read fetch.ts, echo.ts and demo.ts for the commands.
 */

import { benchCommand } from './bench.js';
import { chatCommand } from './chat.js';
import { demoCommand } from './demo.js';
import { demoTimelineCommand } from './demo-timeline.js';
import { echoCommand } from './echo.js';
import { fetchCommand } from './fetch.js';
import { describeError, type Io } from './io.js';
import { reportCommand } from './report.js';
import { UsageError, usage } from './usage.js';

const commands: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  demo: (argv, io) => (argv.length > 0 ? demoTimelineCommand(argv, io) : demoCommand(argv, io)),
  fetch: fetchCommand,
  echo: echoCommand,
  chat: chatCommand,
  bench: benchCommand,
  report: reportCommand,
};

/**
 * Runs the rosetta command line `argv` (without `node` and the script); resolves with the exit status.
 *
 * @example
 * process.exitCode = await main(['fetch', 'http://127.0.0.1:8080/', '--model', 'all'], io);
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const names = io.models.map((m) => m.name);
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage(names));
    return 0;
  }
  try {
    if (name === undefined) throw new UsageError('no command given');
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) throw new UsageError(`unknown command '${name}'`);
    if (name !== 'bench' && rest.some((a) => a === '--help' || a === '-h')) {
      io.out(usage(names));
      return 0;
    }
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`rosetta: ${e.message}`);
      io.err(usage(names));
      return 2;
    }
    io.err(describeError(e));
    return 1;
  }
}
