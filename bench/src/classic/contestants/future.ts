/**
 * The future model: the fake world lifted into asyncio Futures (the fake's
 * callback sets the result), and each upload written with done-callbacks only —
 * no coroutines, a counter for the parallel inserts — as Tulip's "with
 * callbacks" style did. Done-callbacks run through loop.callSoon.
 * Lineage: PEP 3156, Lib/asyncio/futures.py. Read generators.ts next.
 */
import { Future } from '@async-rosetta/future';
import {
  type ClassicContestant,
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

/** When `f` is done: `next(result)`, or `fail(exception)`. */
function after(f: F, fail: (exc: unknown) => void, next: (value: unknown) => void): void {
  f.addDoneCallback((x) => {
    const exc = x.exception();
    if (exc !== null) fail(exc);
    else next(x.result());
  });
}

export const future: ClassicContestant = {
  name: 'future',
  doxbee(stream, idOrPath, done) {
    const blob = w.blobManager.create(w.account);
    const tx = w.db.begin();
    const backoff = (exc: unknown): void => {
      tx.rollback();
      done(exc);
    };
    after(blob.put(stream), done, (blobId) => {
      after(w.self.byUuidOrPath(idOrPath).get(), done, (found) => {
        const file = found as FileRow | undefined;
        const version = versionRecord(blobId, file);
        const afterFileExists = (fileId: string): void => {
          after(
            w.FileVersion.insert({ fileId, versionId: version.id }).execWithin(tx),
            backoff,
            () => {
              after(
                w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx),
                backoff,
                () => {
                  after(tx.commit(), done, () => done());
                },
              );
            },
          );
        };
        after(w.Version.insert(version).execWithin(tx), backoff, () => {
          if (file) return afterFileExists(file.id);
          const created = newFileRow(idOrPath, version.id);
          after(w.self.createQuery(idOrPath, created), backoff, (q) => {
            after((q as Query<F>).execWithin(tx), backoff, () => afterFileExists(created.id));
          });
        });
      });
    });
  },
  parallel(done) {
    const tx = w.db.begin();
    let remaining = PARALLEL_QUERIES;
    let failed = false;
    for (let i = 0; i < PARALLEL_QUERIES; i++) {
      w.FileVersion.insert({ index: i })
        .execWithin(tx)
        .addDoneCallback((f) => {
          if (failed) return;
          const exc = f.exception();
          if (exc !== null) {
            failed = true;
            tx.rollback();
            done(exc);
          } else if (--remaining === 0) {
            tx.commit();
            done();
          }
        });
    }
  },
};
