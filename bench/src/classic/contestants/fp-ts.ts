/**
 * Peer, the monadic view: fp-ts 2 TaskEither over the fake world lifted into
 * lazy tasks that resolve to Either, an upload as one chain, the parallel
 * inserts through sequenceArray (parallel). Read ../suite.ts next.
 */
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  type ClassicContestant,
  type FileRow,
  liftWorld,
  newFileRow,
  PARALLEL_QUERIES,
  type Query,
  versionRecord,
} from '../world.js';

type T = TE.TaskEither<unknown, unknown>;
type Version = ReturnType<typeof versionRecord>;

const w = liftWorld<T>(
  (start) => () =>
    new Promise((resolve) => start((err, value) => resolve(err ? E.left(err) : E.right(value)))),
);

/** Runs the TaskEither and reports its outcome, rolling back on Left. */
const run = (te: T, rollback: () => unknown, done: (err?: unknown) => void): void => {
  te().then((e) => {
    if (E.isRight(e)) return done();
    rollback();
    done(e.left);
  });
};

export const fpts: ClassicContestant = {
  name: 'fp-ts',
  doxbee(stream, idOrPath, done) {
    const blob = w.blobManager.create(w.account);
    const tx = w.db.begin();
    const upload = pipe(
      blob.put(stream),
      TE.chain((blobId) =>
        pipe(
          w.self.byUuidOrPath(idOrPath).get(),
          TE.map((found) => {
            const file = found as FileRow | undefined;
            return { file, version: versionRecord(blobId, file) };
          }),
          TE.chainFirst(({ version }) => w.Version.insert(version).execWithin(tx)),
          TE.chain(({ file, version }): TE.TaskEither<unknown, readonly [Version, string]> => {
            if (file) return TE.right([version, file.id] as const);
            const created = newFileRow(idOrPath, version.id);
            return pipe(
              w.self.createQuery(idOrPath, created),
              TE.chain((q) => (q as Query<T>).execWithin(tx)),
              TE.map(() => [version, created.id] as const),
            );
          }),
        ),
      ),
      TE.chain(([version, fileId]) =>
        pipe(
          w.FileVersion.insert({ fileId, versionId: version.id }).execWithin(tx),
          TE.chain(() =>
            w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx),
          ),
        ),
      ),
      TE.chain(() => tx.commit()),
    );
    run(upload, () => tx.rollback()(), done);
  },
  parallel(done) {
    const tx = w.db.begin();
    const inserts: T[] = [];
    for (let i = 0; i < PARALLEL_QUERIES; i++)
      inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
    const all = pipe(
      TE.sequenceArray(inserts),
      TE.map(() => tx.commit()()),
    );
    run(all, () => tx.rollback()(), done);
  },
};
