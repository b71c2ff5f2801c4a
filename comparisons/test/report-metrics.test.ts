/**
 * rosetta report: how the exhibit is found and measured (report/sources.ts, metrics.ts),
 * on a small repository written here, whose counts can be checked by eye. Token counts
 * follow spion/async-compare's `complexity.js` (the parser's tokens, no comments); gzip
 * bytes follow the Benchmarks Game's "gz" source-size measure.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_NAMES } from '@async-rosetta/task-spec';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelAdapter, ModelFacts } from '../src/models/contract.js';
import { models } from '../src/models/index.js';
import { measure, shapeOf, sizeOf } from '../src/report/metrics.js';
import { collectSources, exportedFunctions, linesOf, rangeOf } from '../src/report/sources.js';

let root: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** An adapter with only what the report reads: the name and the facts. */
const fake = (name: string, facts: Partial<ModelFacts>): ModelAdapter =>
  ({
    name,
    facts: { packages: [`packages/${name}`], tasks: `packages/${name}/src/tasks`, ...facts },
  }) as ModelAdapter;

const one = fake('one', {});
const two = fake('two', {});

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rosetta-report-'));
  write('comparisons/SPEC.md', '# spec: alpha and beta in prose\n## T1 `beta`\n## T2 `alpha`\n');
  write(
    'packages/one/src/engine.ts',
    [
      'export function inner(x: number): number {',
      '  return x + 1;',
      '}',
      '',
      '/** A helper reached from the task. */',
      'export function helper(x: number): number {',
      '  // a comment is not code',
      '  return inner(x) * 2;',
      '}',
      '',
      'export interface Shape { x: number }',
      '',
    ].join('\n'),
  );
  write(
    'packages/one/src/tasks/work.ts',
    [
      '/** The header. */',
      "import { helper, type Shape } from '../engine.js';",
      '',
      'const local = (s: Shape): number => s.x;',
      '',
      '/** Alpha: two awaits, one callback. */',
      'export async function alpha(p: Promise<number>): Promise<number> {',
      '  const a = await p;',
      '  const b = await p.then((v) => v + a);',
      '  return helper(b);',
      '}',
      '',
      '/** Beta. */',
      'export const beta = (s: Shape): number => local(s);',
      '',
      'export function onlyHere(): number {',
      '  return 1;',
      '}',
      '',
    ].join('\n'),
  );
  write(
    'packages/two/src/tasks/work.ts',
    [
      'export function* alpha(): Generator<number, number, number> {',
      '  const a = yield 1;',
      '  return a;',
      '}',
      '',
      'export function beta(): number {',
      '  return 2;',
      '}',
      '',
    ].join('\n'),
  );
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('report sources', () => {
  it('lines up the exported task functions by name, in SPEC.md order, leaving out what only one model exports', () => {
    const s = collectSources(root, [one, two]);
    expect(s.groups).toEqual([{ file: 'work.ts', tasks: ['beta', 'alpha'] }]);
    expect(Object.keys(s.exhibits).sort()).toEqual(['alpha', 'beta']);
    expect(s.exhibits.alpha?.one?.lines).toEqual({ start: 6, end: 11 });
    expect(s.exhibits.beta?.two?.file).toBe('packages/two/src/tasks/work.ts');
  });

  it('shows each exhibit as exactly its lines of the file, and the rest of the file beside it', () => {
    const s = collectSources(root, [one, two]);
    const lines = linesOf(readFileSync(join(root, 'packages/one/src/tasks/work.ts'), 'utf8'));
    const e = s.exhibits.alpha!.one!;
    expect(e.code).toBe(lines.slice(e.lines.start - 1, e.lines.end).join('\n'));
    const rest = s.rests['work.ts']!.one!.blocks.map((b) => [b.start, b.end]);
    expect(rest).toEqual([
      [1, 4],
      [16, 18],
    ]);
  });

  it('finds every task of every registered model in its task folder', () => {
    const repo = join(dirname(new URL(import.meta.url).pathname), '../..');
    const s = collectSources(repo, models);
    for (const task of ['fetchPage', 'fetchAll', 'serveEcho', 'echoClient', ...DEMO_NAMES])
      expect(Object.keys(s.exhibits[task] ?? {}).sort(), task).toEqual(
        models.map((m) => m.name).sort(),
      );
  });

  it('finds a function exported by a local export list under its exported name (`export { waitDemo as wait }`)', () => {
    const text = [
      'function helper(): void {}',
      'function waitDemo(): number {',
      '  return 1;',
      '}',
      'export function serial(): number {',
      '  return 2;',
      '}',
      'const notAFunction = 3;',
      'export { waitDemo as wait, helper, notAFunction };',
      "export { other } from './elsewhere.js';",
    ].join('\n');
    const sf = ts.createSourceFile('demos.ts', text, ts.ScriptTarget.ES2022, true);
    const found = exportedFunctions(sf).map((f) => [f.name, rangeOf(sf, f.node)]);
    expect(found).toEqual([
      ['helper', { start: 1, end: 1 }],
      ['wait', { start: 2, end: 4 }],
      ['serial', { start: 5, end: 7 }],
    ]);
  });
});

describe('report metrics', () => {
  it('counts code lines, tokens and gzip bytes without comments', () => {
    const sf = ts.createSourceFile(
      'x.ts',
      '/** doc */\nfunction f(a) {\n  // note\n\n  return a + 1; /* tail */\n}\n',
      ts.ScriptTarget.ES2022,
      true,
    );
    const size = sizeOf([sf.statements[0]!], sf);
    expect(size.lines).toBe(3);
    // function f ( a ) { return a + 1 ; }
    expect(size.tokens).toBe(12);
    expect(size.gzipBytes).toBeGreaterThan(20);
  });

  it('counts await, yield and continuation registrations as suspension points, and callbacks as function literals', () => {
    const sf = ts.createSourceFile(
      'x.ts',
      'async function f(d, p) { await p; d.addCallback((x) => x).addErrback(function (e) { return e; }); }\nfunction* g() { yield 1; yield* g(); }\n',
      ts.ScriptTarget.ES2022,
      true,
    );
    expect(shapeOf(sf.statements[0]!)).toEqual({ suspensions: 3, functionLiterals: 2 });
    expect(shapeOf(sf.statements[1]!)).toEqual({ suspensions: 2, functionLiterals: 0 });
  });

  it('follows helpers through imports into the engine, counts the task file’s own helpers with the task, and skips types', () => {
    const s = collectSources(root, [one, two]);
    const m = measure(root, [one, two], s);
    const alpha = m.alpha!.one!;
    expect(alpha.lines).toBe(5);
    expect(alpha.suspensions).toBe(3);
    expect(alpha.functionLiterals).toBe(1);
    expect(alpha.helpers.map((h) => h.name)).toEqual(['helper', 'inner']);
    expect(alpha.alsoRead).toBe(3 + 3); // helper: 3 code lines (its comment is not), inner: 3
    const beta = m.beta!.one!;
    expect(beta.local.map((h) => h.name)).toEqual(['local']);
    expect(beta.lines).toBe(2); // beta's line and local's line
    expect(beta.alsoRead).toBe(0); // Shape is a type
    expect(m.alpha!.two!.alsoRead).toBe(0);
  });
});
