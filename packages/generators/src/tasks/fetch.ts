/**
 * Generator trampoline model — T1 fetchPage and T2 fetchAll, as a user writes them:
 * sequential-looking generators run by Tasks, `yield* wait(...)` at every suspension.
 * Lineage: asyncio's @coroutine/`yield from` era, Tornado gen.coroutine, co.
 * Read ../validate.ts for the helpers (toPage comes from packages/future), ../task.ts for the engine.
 */
import { request, toPage } from '@async-rosetta/future';
import {
  DEFAULT_CONCURRENCY,
  type FetchAllOptions,
  type FetchOptions,
  type Page,
} from '@async-rosetta/task-spec';
import { gather } from '../gather.js';
import { Semaphore } from '../locks.js';
import { type Operation, wait } from '../ops.js';
import { currentLoop, spawn, type Task } from '../task.js';
import { checkCount } from '../validate.js';
import { waitFor } from '../wait-for.js';

/** GET `url` on a fresh connection; one deadline over connect, headers and body. */
export function fetchPage(url: string, o: FetchOptions = {}): Task<Page> {
  return spawn(function* () {
    return yield* wait(waitFor(getPage(url, o), o.timeoutMs));
  });
}

function* getPage(url: string, o: FetchOptions): Operation<Page> {
  const response = yield* wait(request(currentLoop(), 'GET', url, o));
  const body = yield* wait(response.read());
  return toPage(response, body);
}

/** Every page, in input order, at most `concurrency` at a time; the first failure cancels the rest. */
export function fetchAll(urls: string[], o: FetchAllOptions = {}): Task<Page[]> {
  return spawn(function* () {
    const limit = new Semaphore(checkCount('concurrency', o.concurrency ?? DEFAULT_CONCURRENCY, 1));
    const fetches = urls.map((url) =>
      spawn(function* () {
        yield* limit.acquire();
        try {
          return yield* wait(fetchPage(url, o));
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
