/**
 * Generator trampoline model: the errors of Task, locks, queues and streams.
 * Contract: every class sets `name`; those a task can fail with carry a SPEC.md `code`.
 * Lineage: asyncio's exceptions.py and queues.py (RuntimeError, IncompleteReadError,
 * LimitOverrunError, QueueEmpty, QueueFull); the shared CancelledError, TimeoutError
 * and InvalidStateError come from packages/future. Read ops.ts next.
 */
export { CancelledError, InvalidStateError, TimeoutError } from '@async-rosetta/future';

/** A misuse of a Task or a lock (asyncio raises RuntimeError for these). */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/**
 * `readexactly(n)`/`readuntil(sep)` met EOF first. `partial` holds the bytes read
 * before EOF. Its code is ECONNRESET: the peer closed before the data was whole.
 */
export class IncompleteReadError extends Error {
  override name = 'IncompleteReadError';
  readonly code = 'ECONNRESET';
  constructor(
    readonly partial: Uint8Array,
    readonly expected: number | null,
  ) {
    super(
      `${partial.length} bytes read on a total of ${expected === null ? 'undefined' : expected} expected bytes`,
    );
  }
}

/** The separator was not found within the reader's limit; `consumed` bytes are still buffered. */
export class LimitOverrunError extends Error {
  override name = 'LimitOverrunError';
  constructor(
    message: string,
    readonly consumed: number,
  ) {
    super(message);
  }
}

/** `getNowait()` on an empty Queue. */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}

/** `putNowait()` on a full Queue. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

/** The connection was lost while a writer waited to drain (asyncio: ConnectionResetError). */
export class ConnectionResetError extends Error {
  override name = 'ConnectionResetError';
  readonly code = 'ECONNRESET';
}
