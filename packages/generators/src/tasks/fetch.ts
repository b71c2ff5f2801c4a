/**
 * Generator trampoline model — T1 fetchPage and T2 fetchAll as a user writes them:
 * sequential-looking generators run by Tasks, `yield* wait(...)` at every suspension.
 * Contract: comparisons/SPEC.md T1/T2; each task returns a Task (a Future); every failure,
 * EINVAL included, is thrown inside the generator, so the Task fails with it.
 * Lineage: asyncio's @coroutine/`yield from` era (Lib/asyncio/tasks.py: `wait_for`,
 * `gather`; Lib/asyncio/locks.py: `Semaphore`), written with `yield*`; Tornado's
 * `gen.coroutine` (tornado/gen.py) and co (index.js) stepped generators the same way.
 * Read echo.ts next, then ../task.ts for the engine.
 */
import { request, toPage } from '@async-rosetta/future';
import {
  type FetchAllOptions,
  type FetchOptions,
  type FetchRequest,
  normalizeFetchAllOptions,
  normalizeFetchOptions,
  type Page,
} from '@async-rosetta/task-spec';
import { gather } from '../gather.js';
import { Semaphore } from '../locks.js';
import { type Operation, wait } from '../ops.js';
import { currentLoop, spawn, type Task } from '../task.js';
import { waitFor } from '../wait-for.js';

/** GET `url` on a fresh connection; one deadline over connect, headers and body. */
export function fetchPage(url: string, o: FetchOptions = {}): Task<Page> {
  return spawn(function* () {
    const { options, error } = normalizeFetchOptions(url, o);
    if (error) throw error;
    return yield* wait(waitFor(getPage(options), options.timeoutMs));
  });
}

function* getPage(o: FetchRequest): Operation<Page> {
  const response = yield* wait(request(currentLoop(), 'GET', o.url, o));
  const body = yield* wait(response.read());
  return toPage(response, body);
}

/** Every page, in input order, at most `concurrency` at a time; the first failure cancels the rest. */
export function fetchAll(urls: string[], o: FetchAllOptions = {}): Task<Page[]> {
  return spawn(function* () {
    const { options, error } = normalizeFetchAllOptions(urls, o);
    if (error) throw error; // a bad URL anywhere: before any request
    const { urls: targets, concurrency, ...perPage } = options;
    const limit = new Semaphore(concurrency);
    const fetches = targets.map((url) =>
      spawn(function* () {
        yield* limit.acquire();
        try {
          return yield* wait(fetchPage(url, perPage));
        } finally {
          limit.release();
        }
      }),
    );
    try {
      return yield* wait(gather(...fetches));
    } finally {
      for (const f of fetches) f.cancel(); // fail-fast: stop the rest (no-op when all are done)
    }
  });
}
