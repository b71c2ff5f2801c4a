/**
 * The fake world of bluebird's doxbee and madeup-parallel benchmarks: a blob
 * store, a database with transactions and queries, whose every I/O call is a
 * Node-style function that calls back after `IO_MS` on a Node timer (bluebird's
 * `--t 1`), with no error and no value. `callbackWorld` is that world as the
 * callback limit sees it (the callback last); `liftWorld(lift)` is the same
 * world with each I/O call turned into a model's handle (a Promise, a Deferred,
 * a Future, an Observable, a TaskEither) by the model's own way of adopting a
 * callback — as bluebird's fakesP/fakesC/fakesO promisify the same fakes.
 * Lineage: petkaantonov/bluebird benchmark/lib/dummy.js and fakemaker.js
 * (rewritten, not copied). Read contestants/callback.ts next.
 */

export type NodeCallback<T = unknown> = (err?: Error | null, value?: T) => void;

/** Milliseconds per fake I/O operation (bluebird's `--t 1`). */
export const IO_MS = 1;

/** Operations in flight at once per madeup-parallel upload (bluebird's `--p 25`). */
export const PARALLEL_QUERIES = 25;

const ignore: NodeCallback = () => {};

/** One fake I/O operation: calls back after IO_MS on a Node timer, with neither error nor value. */
export function fakeIo(cb: NodeCallback = ignore): void {
  setTimeout(cb as () => void, IO_MS); // called with no arguments, as bluebird's dummy
}

// ---- the world as callbacks see it ----------------------------------------------------------

export interface CallbackQuery {
  execWithin(tx: unknown, cb?: NodeCallback): void;
  get(cb?: NodeCallback): void;
}
export interface CallbackTx {
  commit(cb?: NodeCallback): void;
  rollback(cb?: NodeCallback): void;
}

const callbackQuery = (): CallbackQuery => ({
  execWithin: (_tx, cb) => fakeIo(cb),
  get: (cb) => fakeIo(cb),
});
const sharedCallbackQuery = callbackQuery();

export const callbackWorld = {
  account: {},
  userAccount: { id: 1 },
  uuid: { v1: (): string => 'uuid' },
  blobManager: {
    create: (_account: object) => ({
      put: (_stream: unknown, cb?: NodeCallback<string>) => fakeIo(cb as NodeCallback),
    }),
  },
  self: {
    byUuidOrPath: (_idOrPath: unknown): CallbackQuery => callbackQuery(),
    /** Calls back at once, as bluebird's fake does. */
    createQuery: (_idOrPath: unknown, _file: object, cb: NodeCallback<CallbackQuery>): void =>
      cb(null, sharedCallbackQuery),
  },
  Version: { createHash: (_v: object): number => 1, insert: (_v: object) => callbackQuery() },
  File: { whereUpdate: (_where: object, _set: object) => callbackQuery() },
  FileVersion: { insert: (_v: object) => callbackQuery() },
  db: {
    begin: (): CallbackTx => ({ commit: (cb) => fakeIo(cb), rollback: (cb) => fakeIo(cb) }),
  },
};

// ---- the same world through a model's handles ----------------------------------------------

/** A model's way of adopting one Node-style call: start it with a callback, return the handle. */
export type Lift<Op> = (start: (cb: NodeCallback) => void) => Op;

export interface Query<Op> {
  execWithin(tx: unknown): Op;
  get(): Op;
}
export interface Tx<Op> {
  commit(): Op;
  rollback(): Op;
}
export interface World<Op> {
  account: object;
  userAccount: { id: number };
  uuid: { v1(): string };
  blobManager: { create(account: object): { put(stream: unknown): Op } };
  /** `createQuery`'s handle completes with a Query<Op>. */
  self: {
    byUuidOrPath(idOrPath: unknown): Query<Op>;
    createQuery(idOrPath: unknown, file: object): Op;
  };
  Version: { createHash(v: object): number; insert(v: object): Query<Op> };
  File: { whereUpdate(where: object, set: object): Query<Op> };
  FileVersion: { insert(v: object): Query<Op> };
  db: { begin(): Tx<Op> };
}

/** The fake world with every I/O call lifted into the model's handle by `lift`. */
export function liftWorld<Op>(lift: Lift<Op>): World<Op> {
  const io = (): Op => lift(fakeIo);
  const query = (): Query<Op> => ({ execWithin: io, get: io });
  const shared = query();
  const w = callbackWorld;
  return {
    account: w.account,
    userAccount: w.userAccount,
    uuid: w.uuid,
    blobManager: { create: () => ({ put: io }) },
    self: {
      byUuidOrPath: query,
      createQuery: () => lift((cb) => cb(null, shared)),
    },
    Version: { createHash: w.Version.createHash, insert: query },
    File: { whereUpdate: query },
    FileVersion: { insert: query },
    db: { begin: () => ({ commit: io, rollback: io }) },
  };
}

/** What every upload in both workloads ends with: `done()` or `done(err)`. */
export type Done = (err?: unknown) => void;

/** One classic contestant: the two workloads in its own idiom. */
export interface ClassicContestant {
  name: string;
  /** doxbee-sequential: one upload, its I/O calls one after the other. */
  doxbee(stream: unknown, idOrPath: string, done: Done): void;
  /** madeup-parallel: one upload of PARALLEL_QUERIES inserts in flight at once, then commit. */
  parallel(done: Done): void;
}

/** What `get()` of a path finds (bluebird's fakes find nothing: every upload creates its file). */
export interface FileRow {
  id: string;
  version: number;
}

/** The version record an upload inserts (plain data, alike in every contestant). */
export function versionRecord(blobId: unknown, file: FileRow | undefined) {
  const version = {
    userAccountId: callbackWorld.userAccount.id,
    date: new Date(),
    blobId,
    creatorId: callbackWorld.userAccount.id,
    previousId: file ? file.version : null,
    id: 0,
  };
  version.id = callbackWorld.Version.createHash(version);
  return version;
}

/** The file record an upload creates when `get()` found none. */
export function newFileRow(idOrPath: string, versionId: number): FileRow & object {
  const parts = idOrPath.split('/');
  return {
    id: callbackWorld.uuid.v1(),
    userAccountId: callbackWorld.userAccount.id,
    name: parts[parts.length - 1],
    version: versionId,
  } as FileRow & object;
}
