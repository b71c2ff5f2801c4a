/**
 * The neutral contract: every model is adapted onto this one shape so that one
 * conformance suite, one demo and one benchmark harness can drive them all.
 * Each adapter maps the model's own result type (Deferred, Future, Task,
 * Promise) onto `Cancellable` and the model's own cancellation onto `cancel()`.
 * The plain-data shapes come from @async-rosetta/task-spec, shared with the models.
 * Read comparisons/SPEC.md for what each task must do; read models/index.ts next.
 */
import type {
  ChatAddress,
  ChatServerOptions,
  ChatServerStats,
  DemoEvent,
  DemoName,
  DemoOptions,
  EchoAddress,
  EchoClientOptions,
  EchoClientStats,
  EchoServerOptions,
  EchoServerStats,
  ErrorCode,
  FetchAllOptions,
  FetchOptions,
  Page,
} from '@async-rosetta/task-spec';

export type * from '@async-rosetta/task-spec';

/** What every adapter rejects with: a plain Error carrying a `code`. */
export interface TaskError extends Error {
  code: ErrorCode;
}

/** A running task seen from outside: its outcome, and the model's own way to cancel it. */
export interface Cancellable<T> {
  result: Promise<T>;
  cancel(): void;
}

/** A running echo server seen from outside. */
export interface EchoServer {
  address: EchoAddress;
  close(): Promise<EchoServerStats>;
}

/** A running chat server seen from outside (SPEC.md T5). */
export interface ChatServer {
  address: ChatAddress;
  close(): Promise<ChatServerStats>;
}

/**
 * What sets a model apart, one short phrase each, for the report's "how the models differ"
 * table (`rosetta report`); paths are relative to the repository root.
 */
export interface ModelFacts {
  /** The folder of the side-by-side task files (`*.ts` directly in it). */
  tasks: string;
  /** The packages a reader follows from the tasks down to the engine. */
  packages: readonly string[];
  /** When a continuation runs once its result is there. */
  continuation: 'synchronously' | 'on the microtask queue' | 'on the next loop iteration';
  errorChannel: string;
  cancellation: string;
  deadline: string;
  backpressure: string;
  concurrencyBound: string;
}

/** The six Tulip-talk demos of a model, each mapped onto a Promise of its event log. */
export type Demos = Record<DemoName, (o?: DemoOptions) => Promise<DemoEvent[]>>;

/** A model's demos (same names, its own result type) as `Demos`, through `toPromise`. */
export function adaptDemos<H>(
  demos: Record<DemoName, (o?: DemoOptions) => H>,
  toPromise: (handle: H) => Promise<DemoEvent[]>,
): Demos {
  const run = (name: DemoName) => (o?: DemoOptions) => toPromise(demos[name](o));
  return {
    serial: run('serial'),
    simultaneous: run('simultaneous'),
    wait: run('wait'),
    asCompleted: run('asCompleted'),
    executor: run('executor'),
    threadsafe: run('threadsafe'),
  };
}

export interface ModelAdapter {
  /** 'deferred' | 'deferred-inline' | 'future' | 'generators' | 'asyncawait' | … */
  name: string;
  /** One line for tables: the model's lineage. */
  description: string;
  /** What sets the model apart (read by `rosetta report`). */
  facts: ModelFacts;
  fetchPage(url: string, o?: FetchOptions): Cancellable<Page>;
  fetchAll(urls: string[], o?: FetchAllOptions): Cancellable<Page[]>;
  serveEcho(o?: EchoServerOptions): Promise<EchoServer>;
  echoClient(o: EchoClientOptions): Cancellable<EchoClientStats>;
  serveChat(o?: ChatServerOptions): Promise<ChatServer>;
  /** The Tulip-talk demos (task-spec/src/demos.ts). */
  demos: Demos;
}
