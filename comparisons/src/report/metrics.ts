/**
 * Code metrics of each task function, computed with the TypeScript compiler API, never
 * typed by hand.
 * Contract, per exported task function together with the private helpers of its own task
 * file that it uses (e.g. a `getPage` generator behind `fetchPage`), doc comments excluded:
 * - `lines`: lines that hold at least one token (no blank or comment-only line);
 * - `tokens`: the parser's tokens (no comment, no whitespace);
 * - `gzipBytes`: gzip -9 of the code with comments dropped and each line's tokens joined
 *   by single spaces (the Benchmarks Game's measure of source size);
 * - `suspensions`: where the function hands the rest of its work to the model: `await`,
 *   `yield`/`yield*`, and the calls that register a continuation (SUSPENDERS);
 * - `functionLiterals`: arrow functions and function expressions inside it (callbacks);
 * - `alsoRead`: the code lines a reader must also read — every declaration the function
 *   uses that lives in the model's packages outside its task file (helpers, then the
 *   engine's methods), followed transitively through imports; the task functions shown on
 *   the page and types do not count.
 * Lineage: the Benchmarks Game's gzip'd source size; spion/async-compare's token counts
 * (`complexity.js`). Read debug.ts next.
 */

import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import type { ModelAdapter } from '../models/contract.js';
import { exportedFunctions, rel, type Sources } from './sources.js';

/** Method names whose call registers a continuation with the model. */
export const SUSPENDERS: ReadonlySet<string> = new Set([
  'then',
  'catch',
  'finally',
  'addCallback',
  'addCallbacks',
  'addErrback',
  'addBoth',
  'addDoneCallback',
  'callSoon',
  'callLater',
]);

export interface HelperUse {
  /** `file:start-end`, relative to the root. */
  where: string;
  name: string;
  lines: number;
}

export interface Metrics {
  lines: number;
  tokens: number;
  gzipBytes: number;
  suspensions: number;
  functionLiterals: number;
  alsoRead: number;
  /** The task file's own private helpers it uses, measured with it. */
  local: HelperUse[];
  /** The declarations counted in `alsoRead`, in the order reached. */
  helpers: HelperUse[];
}

const isJsDoc = (n: ts.Node): boolean =>
  n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode;

/** The tokens of `node` (comments and JSDoc excluded), in source order. */
export function tokensOf(node: ts.Node, sf: ts.SourceFile): ts.Node[] {
  const out: ts.Node[] = [];
  const walk = (n: ts.Node): void => {
    if (isJsDoc(n)) return;
    const children = n.getChildren(sf);
    if (children.length === 0) {
      if (n.kind !== ts.SyntaxKind.EndOfFileToken && n.getWidth(sf) > 0) out.push(n);
      return;
    }
    for (const c of children) walk(c);
  };
  walk(node);
  return out;
}

/** Lines, tokens and gzip bytes of the code of `nodes` (all in `sf`), counted together. */
export function sizeOf(
  nodes: readonly ts.Node[],
  sf: ts.SourceFile,
): { lines: number; tokens: number; gzipBytes: number } {
  const tokens = nodes.flatMap((node) => tokensOf(node, sf));
  const byLine = new Map<number, string[]>();
  for (const t of tokens) {
    const line = sf.getLineAndCharacterOfPosition(t.getStart(sf)).line + 1;
    const endLine = sf.getLineAndCharacterOfPosition(t.getEnd()).line + 1;
    for (let n = line; n <= endLine; n++) if (!byLine.has(n)) byLine.set(n, []);
    byLine.get(line)!.push(t.getText(sf));
  }
  const code = [...byLine.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, words]) => words.join(' '))
    .join('\n');
  return {
    lines: byLine.size,
    tokens: tokens.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

const linesCache = new WeakMap<ts.Node, number>();

/** The code lines of one declaration, computed once per node. */
function unitLines(node: ts.Node, sf: ts.SourceFile): number {
  const cached = linesCache.get(node);
  if (cached !== undefined) return cached;
  const n = sizeOf([node], sf).lines;
  linesCache.set(node, n);
  return n;
}

/** Suspension points and function literals inside `node` (not counting `node` itself). */
export function shapeOf(node: ts.Node): { suspensions: number; functionLiterals: number } {
  let suspensions = 0;
  let functionLiterals = 0;
  const walk = (n: ts.Node): void => {
    if (n !== node && (ts.isArrowFunction(n) || ts.isFunctionExpression(n))) {
      // the generator a wrapper such as inlineCallbacks(function* …) takes is the task itself
      const wrapped = ts.isCallExpression(n.parent) && ts.isVariableDeclaration(n.parent.parent);
      if (!wrapped || !ts.isVariableStatement(node)) functionLiterals++;
    }
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n)) suspensions++;
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      SUSPENDERS.has(n.expression.name.text)
    )
      suspensions++;
    ts.forEachChild(n, walk);
  };
  walk(node);
  return { suspensions, functionLiterals };
}

/** The unit a reader reads for declaration `d`: a whole function, method or statement. */
function unitOf(d: ts.Declaration): ts.Node | undefined {
  if (
    ts.isFunctionDeclaration(d) ||
    ts.isMethodDeclaration(d) ||
    ts.isConstructorDeclaration(d) ||
    ts.isGetAccessorDeclaration(d) ||
    ts.isSetAccessorDeclaration(d) ||
    ts.isPropertyDeclaration(d)
  )
    return !ts.isPropertyDeclaration(d) && d.body === undefined ? undefined : d; // no overload signatures
  if (ts.isVariableDeclaration(d)) {
    const statement = d.parent?.parent;
    return statement && ts.isVariableStatement(statement) ? statement : d;
  }
  if (ts.isClassDeclaration(d)) return d.members.find(ts.isConstructorDeclaration) ?? undefined;
  return undefined; // interfaces, type aliases, parameters, imports: not code to read
}

const unitName = (n: ts.Node): string => {
  if (ts.isConstructorDeclaration(n)) return `new ${n.parent.name?.getText() ?? 'class'}`;
  if (ts.isVariableStatement(n))
    return n.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  const name = (n as ts.NamedDeclaration).name?.getText() ?? '?';
  const owner = ts.isClassLike(n.parent) ? `${n.parent.name?.getText() ?? ''}.` : '';
  return `${owner}${name}`;
};

/** Is `n` inside a unit already counted (a member of a class read whole)? */
function insideSeen(n: ts.Node, seen: ReadonlySet<ts.Node>): boolean {
  for (let p = n.parent; p; p = p.parent) if (seen.has(p)) return true;
  return false;
}

/** A module-level statement or a member of a module-level class (locals belong to their unit). */
const topLevel = (n: ts.Node): boolean =>
  ts.isSourceFile(n.parent) || (ts.isClassLike(n.parent) && ts.isSourceFile(n.parent.parent));

/**
 * The TypeScript program over every model's task files, resolved the repository's way;
 * only the repository's own files are loaded (Node's and other libraries' declarations
 * are never followed, so they are not parsed).
 */
export function programOf(root: string, files: string[]): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    noLib: true,
    types: [],
  };
  const host = ts.createCompilerHost(options, true);
  const ours = (file: string): boolean => {
    const real = ts.sys.realpath?.(file) ?? file;
    return real.startsWith(`${root}/`) && !real.includes('/node_modules/');
  };
  host.resolveModuleNameLiterals = (literals, containing) =>
    literals.map((literal) => {
      const found = ts.resolveModuleName(literal.text, containing, options, host).resolvedModule;
      return { resolvedModule: found && ours(found.resolvedFileName) ? found : undefined };
    });
  return ts.createProgram({ rootNames: files.map((f) => join(root, f)), options, host });
}

/** Metrics of every exhibit in `sources`, as metrics[task][model]. */
export function measure(
  root: string,
  models: readonly ModelAdapter[],
  sources: Sources,
): Record<string, Record<string, Metrics>> {
  const files = [
    ...new Set(
      Object.values(sources.exhibits).flatMap((byModel) =>
        Object.values(byModel).map((e) => e.file),
      ),
    ),
  ];
  const program = programOf(root, files);
  const checker = program.getTypeChecker();
  const out: Record<string, Record<string, Metrics>> = {};
  const shown = new Set<ts.Node>();
  const located: { task: string; model: ModelAdapter; node: ts.Statement; sf: ts.SourceFile }[] =
    [];
  for (const [task, byModel] of Object.entries(sources.exhibits)) {
    for (const exhibit of Object.values(byModel)) {
      const sf = program.getSourceFile(join(root, exhibit.file))!;
      const found = exportedFunctions(sf).find((f) => f.name === task)!;
      shown.add(found.node);
      located.push({
        task,
        model: models.find((m) => m.name === exhibit.model)!,
        node: found.node,
        sf,
      });
    }
  }
  for (const { task, model, node, sf } of located) {
    const reached = follow(root, checker, node, model.facts.packages, shown);
    // The task file's own private helpers are part of the exhibit: measured with the task.
    const local = reached.filter((r) => r.node.getSourceFile() === sf);
    const helpers = reached.filter((r) => r.node.getSourceFile() !== sf).map((r) => r.use);
    const size = sizeOf([node, ...local.map((r) => r.node)], sf);
    const shapes = [node, ...local.map((r) => r.node)].map(shapeOf);
    out[task] ??= {};
    out[task][model.name] = {
      lines: size.lines,
      tokens: size.tokens,
      gzipBytes: size.gzipBytes,
      suspensions: shapes.reduce((sum, x) => sum + x.suspensions, 0),
      functionLiterals: shapes.reduce((sum, x) => sum + x.functionLiterals, 0),
      alsoRead: helpers.reduce((sum, h) => sum + h.lines, 0),
      local: local.map((r) => r.use),
      helpers,
    };
  }
  return out;
}

/** Every declaration in `packages` reached from `start`, each counted once by its code lines. */
export function follow(
  root: string,
  checker: ts.TypeChecker,
  start: ts.Node,
  packages: readonly string[],
  shown: ReadonlySet<ts.Node>,
): { use: HelperUse; node: ts.Node }[] {
  const real = new Map<string, string>();
  const relative = (file: string): string => {
    if (!real.has(file)) real.set(file, rel(root, ts.sys.realpath?.(file) ?? file));
    return real.get(file)!;
  };
  const inPackages = (file: string): boolean =>
    packages.some((p) => relative(file).startsWith(`${p}/src/`));
  const seen = new Set<ts.Node>([start]);
  const uses: { use: HelperUse; node: ts.Node }[] = [];
  const queue: ts.Node[] = [start];
  while (queue.length > 0) {
    const unit = queue.shift()!;
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) {
        let symbol = checker.getSymbolAtLocation(n);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias)
          symbol = checker.getAliasedSymbol(symbol);
        for (const d of symbol?.declarations ?? []) {
          // A class of the task file itself is read whole (the engine calls its methods).
          const target =
            ts.isClassDeclaration(d) && d.getSourceFile() === start.getSourceFile() ? d : unitOf(d);
          if (!target || !topLevel(target) || seen.has(target) || shown.has(target)) continue;
          if (insideSeen(target, seen)) continue;
          const sf = target.getSourceFile();
          if (!inPackages(sf.fileName)) continue;
          seen.add(target);
          queue.push(target);
          const { start: s, end: e } = {
            start: sf.getLineAndCharacterOfPosition(target.getStart(sf)).line + 1,
            end: sf.getLineAndCharacterOfPosition(target.getEnd()).line + 1,
          };
          uses.push({
            node: target,
            use: {
              where: `${relative(sf.fileName)}:${s}-${e}`,
              name: unitName(target),
              lines: unitLines(target, sf),
            },
          });
        }
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(unit, visit);
  }
  return uses;
}
