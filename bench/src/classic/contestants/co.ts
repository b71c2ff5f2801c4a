/**
 * Peer: tj/co 4, generators yielding Promises over the Promise-lifted fake
 * world (bluebird's generators-tj-co shape), `yield [..]` for the parallel
 * inserts. Read rxjs.ts next.
 */
import co from 'co';
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

const upload = co.wrap(function* (stream: unknown, idOrPath: string) {
  const blob = w.blobManager.create(w.account);
  const tx = w.db.begin();
  try {
    const blobId: unknown = yield blob.put(stream);
    const file = (yield w.self.byUuidOrPath(idOrPath).get()) as FileRow | undefined;
    const version = versionRecord(blobId, file);
    yield w.Version.insert(version).execWithin(tx);
    let fileId = file?.id;
    if (!file) {
      const created = newFileRow(idOrPath, version.id);
      const query = (yield w.self.createQuery(idOrPath, created)) as Query<P>;
      yield query.execWithin(tx);
      fileId = created.id;
    }
    yield w.FileVersion.insert({ fileId, versionId: version.id }).execWithin(tx);
    yield w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx);
    yield tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }
});

const parallel = co.wrap(function* () {
  const tx = w.db.begin();
  const inserts: P[] = [];
  for (let i = 0; i < PARALLEL_QUERIES; i++)
    inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
  try {
    yield inserts;
    tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }
});

export const coPeer: ClassicContestant = {
  name: 'co',
  doxbee: (stream, idOrPath, done) => upload(stream, idOrPath).then(() => done(), done),
  parallel: (done) => parallel().then(() => done(), done),
};
