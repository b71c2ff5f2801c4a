/**
 * The asyncawait model (also the native async/await peer): async functions
 * over the fake world lifted into Promises, Promise.all for the parallel
 * inserts. PEP 492 / ECMAScript 2017. Read promise.ts next.
 */
import {
  type ClassicContestant,
  type FileRow,
  liftWorld,
  newFileRow,
  PARALLEL_QUERIES,
  type Query,
  versionRecord,
} from '../world.js';

type P = Promise<unknown>;

export const promiseWorld = liftWorld<P>(
  (start) =>
    new Promise((resolve, reject) => start((err, value) => (err ? reject(err) : resolve(value)))),
);
const w = promiseWorld;

async function upload(stream: unknown, idOrPath: string): Promise<void> {
  const blob = w.blobManager.create(w.account);
  const tx = w.db.begin();
  try {
    const blobId = await blob.put(stream);
    const file = (await w.self.byUuidOrPath(idOrPath).get()) as FileRow | undefined;
    const version = versionRecord(blobId, file);
    await w.Version.insert(version).execWithin(tx);
    let fileId = file?.id;
    if (!file) {
      const created = newFileRow(idOrPath, version.id);
      const query = (await w.self.createQuery(idOrPath, created)) as Query<P>;
      await query.execWithin(tx);
      fileId = created.id;
    }
    await w.FileVersion.insert({ fileId, versionId: version.id }).execWithin(tx);
    await w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx);
    await tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }
}

async function parallel(): Promise<void> {
  const tx = w.db.begin();
  const inserts: P[] = [];
  for (let i = 0; i < PARALLEL_QUERIES; i++)
    inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
  try {
    await Promise.all(inserts);
    tx.commit();
  } catch (err) {
    tx.rollback();
    throw err;
  }
}

export const asyncawait: ClassicContestant = {
  name: 'asyncawait',
  doxbee: (stream, idOrPath, done) => upload(stream, idOrPath).then(() => done(), done),
  parallel: (done) => parallel().then(() => done(), done),
};
