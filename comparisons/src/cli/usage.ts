/**
 * The rosetta command: its usage text and the error that means "bad usage" (exit 2).
 * Read args.ts next.
 */
import { DEFAULT_ECHO_CLIENT_TIMEOUT_MS, DEFAULT_FETCH_TIMEOUT_MS } from './deadlines.js';

/** Bad usage: the command prints the one-line reason and a pointer to --help, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The one line under a usage error's reason. */
export const HELP_HINT = "run 'rosetta --help' for the usage";

/** The usage text, listing the registered model names. */
export function usage(modelNames: readonly string[]): string {
  return `usage: rosetta <command> [options]

  demo                      run every task in every model against local fixtures;
                            print one side-by-side table
  demo <serial|simultaneous|wait|as-completed|executor|threadsafe>
       [--model M|all] [--step MS] [--json]
                            run one Tulip-talk demo; draw its timeline (default: all)
  fetch <url> [--model M|all] [--timeout MS|none] [--json]
                            GET the URL with one model or with each (default: all);
                            http: or https: (certificates verified against Node's CA
                            store plus NODE_EXTRA_CA_CERTS); deadline ${DEFAULT_FETCH_TIMEOUT_MS} ms per model
  echo serve --model M [--host H] [--port P] [--json]
                            run M's echo server until SIGINT/SIGTERM, then print its stats
  echo client --model M|all --port P [--host H] [--messages K] [--size BYTES]
                            [--connections C] [--timeout MS|none] [--json]
                            run M's echo client against H:P (defaults: 127.0.0.1, 1000, 64, 1;
                            deadline ${DEFAULT_ECHO_CLIENT_TIMEOUT_MS} ms per model)
  chat serve --model M [--host H] [--port P] [--json]
                            run M's chat server until SIGINT/SIGTERM, then print its stats
  bench [args...]           run the benchmark harness (bench/dist/run.js) with these args
  report [--out DIR] [--models a,b,...] [--slides]
                            write the side-by-side report: DIR/index.html, DIR/REPORT.md,
                            charts, and with --slides 1920x1080 SVG/PNG slides (default report/)
  --help                    print this text

numbers must lie in the tasks' domains (comparisons/SPEC.md, "Arguments");
--timeout none waits for ever. --json prints one JSON object per model, failures too:
{"model": M, "error": {"code": C, "message": "..."}}. --debug (or ROSETTA_DEBUG=1)
adds the stack trace to an unexpected error.

models: ${modelNames.length > 0 ? modelNames.join(', ') : '(none registered)'}
exit status: 0 success; 1 the task failed (<code>: <message> on stderr); 2 bad usage;
128+N stopped by signal N (130 for Ctrl-C) during fetch or echo client`;
}
