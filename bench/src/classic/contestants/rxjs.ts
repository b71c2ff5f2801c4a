/**
 * Peer, the reactive view: RxJS 7 over the fake world lifted into cold
 * Observables (the fake runs on subscribe), an upload as one concatMap
 * pipeline, the parallel inserts through forkJoin. Read fp-ts.ts next.
 */
import { concatMap, defer, forkJoin, map, Observable, of } from 'rxjs';
import {
  type ClassicContestant,
  type FileRow,
  liftWorld,
  newFileRow,
  PARALLEL_QUERIES,
  type Query,
  versionRecord,
} from '../world.js';

type O = Observable<unknown>;

const w = liftWorld<O>(
  (start) =>
    new Observable<unknown>((subscriber) =>
      start((err, value) => {
        if (err) subscriber.error(err);
        else {
          subscriber.next(value);
          subscriber.complete();
        }
      }),
    ),
);

export const rxjs: ClassicContestant = {
  name: 'rxjs',
  doxbee(stream, idOrPath, done) {
    const blob = w.blobManager.create(w.account);
    const tx = w.db.begin();
    let version: ReturnType<typeof versionRecord>;
    blob
      .put(stream)
      .pipe(
        concatMap((blobId) =>
          w.self
            .byUuidOrPath(idOrPath)
            .get()
            .pipe(map((found) => [blobId, found as FileRow | undefined] as const)),
        ),
        concatMap(([blobId, file]) => {
          version = versionRecord(blobId, file);
          return w.Version.insert(version)
            .execWithin(tx)
            .pipe(
              concatMap((): Observable<string> => {
                if (file) return of(file.id);
                const created = newFileRow(idOrPath, version.id);
                return w.self.createQuery(idOrPath, created).pipe(
                  concatMap((q) => (q as Query<O>).execWithin(tx)),
                  map(() => created.id),
                );
              }),
            );
        }),
        concatMap((fileId) =>
          w.FileVersion.insert({ fileId, versionId: version.id })
            .execWithin(tx)
            .pipe(
              concatMap(() =>
                w.File.whereUpdate({ id: fileId }, { version: version.id }).execWithin(tx),
              ),
            ),
        ),
        concatMap(() => tx.commit()),
      )
      .subscribe({
        complete: () => done(),
        error: (err) => {
          tx.rollback().subscribe();
          done(err);
        },
      });
  },
  parallel(done) {
    const tx = w.db.begin();
    const inserts: O[] = [];
    for (let i = 0; i < PARALLEL_QUERIES; i++)
      inserts.push(w.FileVersion.insert({ index: i }).execWithin(tx));
    forkJoin(inserts).subscribe({
      complete: () => {
        defer(() => tx.commit()).subscribe();
        done();
      },
      error: (err) => {
        tx.rollback().subscribe();
        done(err);
      },
    });
  },
};
