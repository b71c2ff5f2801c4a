/**
 * The generators adapter: packages/generators (a Task that steps a generator over
 * Futures — asyncio's @coroutine/`yield from` era, Tornado, co, Effection) onto the
 * neutral contract. A Task is an asyncio Future, so the future adapter serves as is:
 * `cancel()` is `task.cancel(msg)`, which throws CancelledError into the generator at
 * its current `yield`.
 * Lineage: asyncio tasks.py. Read packages/generators/src/tasks/ for the tasks.
 */
import * as generatorTasks from '@async-rosetta/generators';
import type { ModelAdapter } from './contract.js';
import { futureAdapter } from './future.js';

export const generators: ModelAdapter = futureAdapter(
  'generators',
  'a Task stepping generators over Futures: asyncio @coroutine/yield from, Tornado, co, Effection',
  {
    tasks: 'packages/generators/src/tasks',
    packages: ['packages/generators', 'packages/future'],
    continuation: 'on the next loop iteration',
    errorChannel: 'thrown into the generator at its yield; try/catch',
    cancellation: 'task.cancel(msg): CancelledError thrown in at the yield',
    deadline: 'waitFor(future, ms): TimeoutError',
    backpressure: 'yield* writer.drain()',
    concurrencyBound: 'Semaphore',
  },
  generatorTasks,
);
