/**
 * The child side of the JSON-lines protocol (see child.ts): one JSON object a
 * line on stdout for events, one a line on stdin for commands. A child exits
 * when its stdin ends, so it never outlives the runner, and after a hard
 * deadline in any case. Read memory.ts next.
 */
import { createInterface } from 'node:readline';

/** Writes one event line. */
export function emit(event: string, body: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...body })}\n`);
}

/**
 * Calls `onCommand` for each command line; calls `onEnd` when stdin ends (the
 * runner is done with us or gone). Also arms a deadline after which the
 * process exits whatever it is doing.
 */
export function onCommands(
  onCommand: (cmd: Record<string, unknown>) => void | Promise<void>,
  onEnd: () => void | Promise<void>,
  deadlineMs = 15 * 60_000,
): void {
  const deadline = setTimeout(() => {
    process.stderr.write(`deadline of ${deadlineMs} ms passed; exiting\n`);
    process.exit(3);
  }, deadlineMs);
  deadline.unref();
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (!line.startsWith('{')) return;
    Promise.resolve(onCommand(JSON.parse(line) as Record<string, unknown>)).catch(fail);
  });
  rl.on('close', () => {
    Promise.resolve(onEnd()).then(() => process.exit(0), fail);
  });
}

/** Reports an error as an event and exits non-zero. */
export function fail(e: unknown): never {
  const err = e as { message?: string; code?: string };
  emit('error', { message: String(err?.message ?? e), code: err?.code ?? null });
  process.exit(1);
}

/** Reads `--name value` from argv. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
