/**
 * The generators model: each upload a Task stepping a generator over the fake
 * world lifted into Futures (`yield* wait(f)`), the parallel inserts gathered
 * with asyncio's gather. Lineage: asyncio's pre-3.5 Task, tj/co, Tornado
 * gen.coroutine. Read asyncawait.ts next.
 */
import { Future } from '@async-rosetta/future';
import { gather, spawn, type Task, wait } from '@async-rosetta/generators';
import {
  type ClassicContestant,
  type Done,
  type FileRow,
  liftWorld,
  newFileRow,
  PARALLEL_QUERIES,
  type Query,
  versionRecord,
} from '../world.js';

type F = Future<unknown>;

const w = liftWorld<F>((start) => {
  const f = new Future<unknown>();
  start((err, value) => (err ? f.setException(err) : f.setResult(value)));
  return f;
});

const settle = (task: Task<void>, done: Done): void => {
  task.addDoneCallback((t) => done(t.exception() ?? undefined));
};

export const generators: ClassicContestant = {
  name: 'generators',
  doxbee: (stream, idOrPath, done) =>
    settle(
      spawn(function* () {
        const blob = w.blobManager.create(w.account);
        const tx = w.db.begin();
        try {
          const blobId = yield* wait(blob.put(stream));
          const file = (yield* wait(w.self.byUuidOrPath(idOrPath).get())) as FileRow | undefined;
          const version = versionRecord(blobId, file);
          yield* wait(w.Version.insert(version).execWithin(tx));
          let fileId = file?.id;
          if (!file) {
            const created = newFileRow(idOrPath, version.id);
            const query = (yield* wait(w.self.createQuery(idOrPath, created))) as Query<F>;
            yield* wait(query.execWithin(tx));
            fileId = created.id;
          }
          yield* wait(w.FileVersion.insert({ fileId, versionId: version.id }).execWithin(tx));
          yield* wait(w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx));
          yield* wait(tx.commit());
        } catch (err) {
          tx.rollback();
          throw err;
        }
      }),
      done,
    ),
  parallel: (done) =>
    settle(
      spawn(function* () {
        const tx = w.db.begin();
        const inserts: F[] = [];
        for (let i = 0; i < PARALLEL_QUERIES; i++)
          inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
        try {
          yield* wait(gather(...inserts));
          tx.commit();
        } catch (err) {
          tx.rollback();
          throw err;
        }
      }),
      done,
    ),
};
