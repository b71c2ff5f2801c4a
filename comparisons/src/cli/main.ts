/**
 * The rosetta command: dispatch and exit status.
 * Contract: 0 success; 1 the task failed (`<code>: <message>` on stderr, one line);
 * 2 bad usage (the one-line reason, then one line pointing at --help); 128 + N when
 * signal N stopped a command. Whatever a command throws is mapped here, once, for every
 * command in the table: a UsageError to exit 2, an error with a `code` to its one line,
 * anything else (a bug) to one line naming --debug, never a stack trace unless asked.
 * Adding a command is adding one line to `commands`.
 * Read fetch.ts, echo.ts and demo.ts for the commands.
 */

import { benchCommand } from './bench.js';
import { chatCommand } from './chat.js';
import { demoCommand } from './demo.js';
import { demoTimelineCommand } from './demo-timeline.js';
import { echoCommand } from './echo.js';
import { fetchCommand } from './fetch.js';
import { describeError, errorParts, hasCode, type Io } from './io.js';
import { reportCommand } from './report.js';
import { HELP_HINT, UsageError, usage } from './usage.js';

/** A command: its arguments after the command name, the world; resolves with the exit status. */
export type Command = (argv: string[], io: Io) => Promise<number>;

const commands: Record<string, Command> = {
  demo: (argv, io) => (argv.length > 0 ? demoTimelineCommand(argv, io) : demoCommand(argv, io)),
  fetch: fetchCommand,
  echo: echoCommand,
  chat: chatCommand,
  bench: benchCommand,
  report: reportCommand,
};

/** Commands that hand every argument on (their own --help and --debug included). */
const passThrough = new Set(['bench']);

const isHelp = (a: string) => a === '--help' || a === '-h';

/** The one line (and, when debugging, the trace) for anything a command threw. */
export function reportError(e: unknown, io: Pick<Io, 'err' | 'debug'>): number {
  if (e instanceof UsageError) {
    io.err(`rosetta: ${e.message}`);
    io.err(HELP_HINT);
    return 2;
  }
  if (hasCode(e)) io.err(describeError(e));
  else {
    const how = io.debug ? '' : ' (--debug or ROSETTA_DEBUG=1 shows the stack trace)';
    io.err(`rosetta: unexpected error: ${errorParts(e).message}${how}`);
  }
  if (io.debug && e instanceof Error && e.stack) io.err(e.stack);
  return 1;
}

/**
 * Runs the rosetta command line `argv` (without `node` and the script); resolves with the exit status.
 *
 * @example
 * process.exitCode = await main(['fetch', 'http://127.0.0.1:8080/', '--model', 'all'], io);
 */
export async function main(argv: string[], io: Io): Promise<number> {
  // --debug may come anywhere, except among a pass-through command's own arguments.
  const at = argv.findIndex((a) => a !== '--debug');
  const name = at < 0 ? undefined : argv[at];
  const own = name !== undefined && passThrough.has(name);
  const rest = at < 0 ? [] : argv.slice(at + 1).filter((a) => own || a !== '--debug');
  const debug = Boolean(io.debug) || (own ? argv.slice(0, at) : argv).includes('--debug');
  const world: Io = { ...io, debug };
  const names = io.models.map((m) => m.name);
  try {
    if (name === undefined) throw new UsageError('no command given');
    if (name === 'help' || isHelp(name)) {
      io.out(usage(names));
      return 0;
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!command) throw new UsageError(`unknown command '${name}'`);
    if (!passThrough.has(name) && rest.some(isHelp)) {
      io.out(usage(names));
      return 0;
    }
    return await command(rest, world);
  } catch (e) {
    return reportError(e, world);
  }
}
