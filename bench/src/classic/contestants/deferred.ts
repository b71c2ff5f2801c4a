/**
 * The deferred model, two ways, over the fake world lifted into Deferreds
 * (a Deferred fired by the fake's callback): chained addCallback/addErrback
 * with gatherResults, and inlineCallbacks generators over the same Deferreds.
 * Lineage: twisted/internet/defer.py. Read future.ts next.
 */
import { Deferred, type Failure, gatherResults, inlineCallbacks } from '@async-rosetta/deferred';
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

type D = Deferred<unknown>;

const w = liftWorld<D>((start) => {
  const d = new Deferred<unknown>();
  start((err, value) => (err ? d.errback(err) : d.callback(value)));
  return d;
});

/** The outcome of an upload's Deferred, handed to done(). */
const finish = (d: Deferred<unknown>, rollback: () => unknown, done: Done): void => {
  d.addCallbacks(
    () => done(),
    (failure: Failure) => {
      rollback();
      done(failure.value);
    },
  );
};

export const deferred: ClassicContestant = {
  name: 'deferred',
  doxbee(stream, idOrPath, done) {
    const blob = w.blobManager.create(w.account);
    const tx = w.db.begin();
    let blobId: unknown;
    let file: FileRow | undefined;
    let version: ReturnType<typeof versionRecord>;
    const upload = blob
      .put(stream)
      .addCallback((id) => {
        blobId = id;
        return w.self.byUuidOrPath(idOrPath).get();
      })
      .addCallback((found) => {
        file = found as FileRow | undefined;
        version = versionRecord(blobId, file);
        return w.Version.insert(version).execWithin(tx);
      })
      .addCallback((): D | string => {
        if (file) return file.id;
        const created = newFileRow(idOrPath, version.id);
        return w.self
          .createQuery(idOrPath, created)
          .addCallback((q) => (q as Query<D>).execWithin(tx))
          .addCallback(() => created.id);
      })
      .addCallback((fileId) => {
        const id = fileId as string;
        return w.FileVersion.insert({ fileId: id, versionId: version.id })
          .execWithin(tx)
          .addCallback(() => w.File.whereUpdate({ id }, { version: version.id }).execWithin(tx));
      })
      .addCallback(() => tx.commit());
    finish(upload, () => tx.rollback(), done);
  },
  parallel(done) {
    const tx = w.db.begin();
    const inserts: D[] = [];
    for (let i = 0; i < PARALLEL_QUERIES; i++)
      inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
    const all = gatherResults(inserts, true).addCallback(() => {
      tx.commit();
    });
    finish(all, () => tx.rollback(), done);
  },
};

const uploadInline = inlineCallbacks(function* (stream: unknown, idOrPath: string) {
  const blob = w.blobManager.create(w.account);
  const tx = w.db.begin();
  try {
    const blobId = yield blob.put(stream);
    const file = (yield w.self.byUuidOrPath(idOrPath).get()) as FileRow | undefined;
    const version = versionRecord(blobId, file);
    yield w.Version.insert(version).execWithin(tx);
    let fileId = file?.id;
    if (!file) {
      const created = newFileRow(idOrPath, version.id);
      const query = (yield w.self.createQuery(idOrPath, created)) as Query<D>;
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

const parallelInline = inlineCallbacks(function* () {
  const tx = w.db.begin();
  const inserts: D[] = [];
  for (let i = 0; i < PARALLEL_QUERIES; i++)
    inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
  try {
    yield gatherResults(inserts, true);
    tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }
});

const settle = (d: Deferred<unknown>, done: Done): void => {
  d.addCallbacks(
    () => done(),
    (failure: Failure) => done(failure.value),
  );
};

export const deferredInline: ClassicContestant = {
  name: 'deferred-inline',
  doxbee: (stream, idOrPath, done) => settle(uploadInline(stream, idOrPath), done),
  parallel: (done) => settle(parallelInline(), done),
};
