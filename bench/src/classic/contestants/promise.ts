/**
 * Peer: ES2015 Promises with .then chains and no async functions, over the
 * same Promise-lifted fake world as asyncawait.ts. Read co.ts next.
 */
import {
  type ClassicContestant,
  type FileRow,
  newFileRow,
  PARALLEL_QUERIES,
  type Query,
  versionRecord,
} from '../world.js';
import { promiseWorld as w } from './asyncawait.js';

type P = Promise<unknown>;

export const promise: ClassicContestant = {
  name: 'promise',
  doxbee(stream, idOrPath, done) {
    const blob = w.blobManager.create(w.account);
    const tx = w.db.begin();
    let blobId: unknown;
    let version: ReturnType<typeof versionRecord>;
    blob
      .put(stream)
      .then((id) => {
        blobId = id;
        return w.self.byUuidOrPath(idOrPath).get();
      })
      .then((found) => {
        const file = found as FileRow | undefined;
        version = versionRecord(blobId, file);
        return w.Version.insert(version)
          .execWithin(tx)
          .then(() => {
            if (file) return file.id;
            const created = newFileRow(idOrPath, version.id);
            return w.self
              .createQuery(idOrPath, created)
              .then((q) => (q as Query<P>).execWithin(tx))
              .then(() => created.id);
          });
      })
      .then((fileId) =>
        w.FileVersion.insert({ fileId, versionId: version.id })
          .execWithin(tx)
          .then(() => w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx)),
      )
      .then(() => tx.commit())
      .then(
        () => done(),
        (err) => {
          tx.rollback();
          done(err);
        },
      );
  },
  parallel(done) {
    const tx = w.db.begin();
    const inserts: P[] = [];
    for (let i = 0; i < PARALLEL_QUERIES; i++)
      inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
    Promise.all(inserts).then(
      () => {
        tx.commit();
        done();
      },
      (err) => {
        tx.rollback();
        done(err);
      },
    );
  },
};
