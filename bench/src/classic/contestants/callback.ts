/**
 * The limit: plain Node-style callbacks over the fake world, nothing in between
 * (bluebird's callbacks-baseline shape: nested callbacks, an error check per
 * step, rollback on failure). Read deferred.ts next.
 */
import {
  type CallbackQuery,
  type ClassicContestant,
  type FileRow,
  newFileRow,
  PARALLEL_QUERIES,
  versionRecord,
  callbackWorld as w,
} from '../world.js';

export const callback: ClassicContestant = {
  name: 'callback',
  doxbee(stream, idOrPath, done) {
    const blob = w.blobManager.create(w.account);
    const tx = w.db.begin();
    const backoff = (err: unknown): void => {
      tx.rollback();
      done(err);
    };
    blob.put(stream, (err, blobId) => {
      if (err) return done(err);
      w.self.byUuidOrPath(idOrPath).get((err, found) => {
        if (err) return done(err);
        const file = found as FileRow | undefined;
        const version = versionRecord(blobId, file);
        const afterFileExists = (err: unknown, fileId: string) => {
          if (err) return backoff(err);
          w.FileVersion.insert({ fileId, versionId: version.id }).execWithin(tx, (err) => {
            if (err) return backoff(err);
            w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx, (err) => {
              if (err) return backoff(err);
              tx.commit(done);
            });
          });
        };
        w.Version.insert(version).execWithin(tx, (err) => {
          if (err) return backoff(err);
          if (file) return afterFileExists(null, file.id);
          const created = newFileRow(idOrPath, version.id);
          w.self.createQuery(idOrPath, created, (err, q) => {
            if (err) return backoff(err);
            (q as CallbackQuery).execWithin(tx, (err) => afterFileExists(err, created.id));
          });
        });
      });
    });
  },
  parallel(done) {
    const tx = w.db.begin();
    let finished = 0;
    let failed = false;
    for (let i = 0; i < PARALLEL_QUERIES; i++) {
      w.FileVersion.insert({ index: i }).execWithin(tx, (err) => {
        if (failed) return;
        if (err) {
          failed = true;
          tx.rollback();
          return done(err);
        }
        if (++finished === PARALLEL_QUERIES) {
          tx.commit();
          done();
        }
      });
    }
  },
};
