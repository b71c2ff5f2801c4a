/**
 * Peer, the reactive view: RxJS 7, where the single-value handle is an
 * AsyncSubject and steps compose with operators (concatMap, map, forkJoin).
 * Subjects deliver synchronously. Read fp-ts.ts next.
 */
import { AsyncSubject, concatMap, config, forkJoin, map, type Observable } from 'rxjs';
import { boom, type Contestant, sink } from '../contestant.js';

/** A handle completed with `value`. */
function step(value: number): AsyncSubject<number> {
  const s = new AsyncSubject<number>();
  s.next(value);
  s.complete();
  return s;
}

function failingStep(): AsyncSubject<number> {
  const s = new AsyncSubject<number>();
  s.error(boom());
  return s;
}

// RxJS reports an error thrown inside a subscriber on a later timer instead of
// throwing it; keep it so the deep chain can name it. (A stack overflow deep in
// that path can leave the timer unscheduled, so the deep chain cannot wait for it.)
let unhandled: unknown = null;
config.onUnhandledError = (e) => {
  unhandled = e;
};

function level(k: number): Observable<number> {
  return k === 0 ? failingStep() : level(k - 1).pipe(map((v) => v + 1));
}

export const rxjs: Contestant = {
  name: 'rxjs',
  kind: 'peer',
  description: 'RxJS 7: AsyncSubject handles composed with operators',
  oneStep(n) {
    let sum = 0;
    for (let i = 0; i < n; i++) step(i).subscribe((v) => (sum += v));
    return sum;
  },
  chain10(n) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let o: Observable<number> = step(1);
      for (let k = 1; k < 10; k++) o = o.pipe(concatMap((x) => step(x + 1)));
      o.subscribe((v) => (total += v));
    }
    return total;
  },
  error10(n) {
    let failures = 0;
    for (let i = 0; i < n; i++) level(10).subscribe({ error: () => failures++ });
    return failures;
  },
  fanOut(width) {
    const subjects = Array.from({ length: width }, () => new AsyncSubject<number>());
    let sum = -1;
    forkJoin(subjects).subscribe((vs) => (sum = vs.reduce((a, b) => a + b, 0)));
    subjects.forEach((s, i) => {
      s.next(i);
      s.complete();
    });
    return sum;
  },
  deep(depth) {
    unhandled = null;
    const leaf = new AsyncSubject<number>();
    let top = leaf;
    for (let i = 0; i < depth; i++) {
      const next = new AsyncSubject<number>();
      top.pipe(map((v) => v + 1)).subscribe(next);
      top = next;
    }
    let result = -1;
    top.subscribe((v) => (result = v));
    leaf.next(0);
    leaf.complete();
    if (result !== depth) {
      throw (
        unhandled ??
        new Error(
          'no value reached the top: a subscriber threw (RxJS reports subscriber errors on a later timer)',
        )
      );
    }
    return result;
  },
  pending(count, completers) {
    for (let i = 0; i < count; i++) {
      const s = new AsyncSubject<number>();
      s.subscribe((v) => (sink.value = v));
      completers.push(s);
    }
  },
};
