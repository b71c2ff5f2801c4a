/**
 * The report's exhibit: every model's task files, found from the registry, cut into the
 * exported task functions that are read side by side, and the rest of each file.
 * Contract: a task file is a `*.ts` directly in a model's `facts.tasks` folder; a task is
 * an exported function (a declaration, or a const bound to a function or to a call that
 * wraps one, such as `inlineCallbacks(function* …)`) that at least two models export,
 * so columns align by exported name. Tasks are ordered as comparisons/SPEC.md first names
 * them, the rest in source order. Nothing here is per file or per model.
 * Lineage: Rosetta Code's and Hyperpolyglot's one-row-per-task layout. Read metrics.ts next.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { ModelAdapter } from '../models/contract.js';

/** A run of whole lines of one file, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/** One exported task function of one model. */
export interface Exhibit {
  model: string;
  task: string;
  /** Relative to the repository root, with forward slashes. */
  file: string;
  /** Its lines, from its doc comment to its closing brace. */
  lines: LineRange;
  /** Exactly those lines of the file, joined by '\n'. */
  code: string;
}

/** The lines of one model's task file that are not in any of its task functions. */
export interface FileRest {
  model: string;
  file: string;
  blocks: (LineRange & { code: string })[];
}

/** One task file name (e.g. `fetch.ts`) with its tasks in order. */
export interface TaskGroup {
  file: string;
  tasks: string[];
}

export interface Sources {
  models: string[];
  groups: TaskGroup[];
  /** exhibits[task][model]; absent when the model does not export the task. */
  exhibits: Record<string, Record<string, Exhibit>>;
  /** rests[file][model]. */
  rests: Record<string, Record<string, FileRest>>;
}

/** `path` relative to `root`, with forward slashes. */
export const rel = (root: string, path: string): string =>
  path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;

/** The file's lines (without line ends), `\r\n` read as `\n`. */
export const linesOf = (text: string): string[] => text.replace(/\r\n/g, '\n').split('\n');

/** The task files of one model, relative to the root, sorted. */
export function taskFiles(root: string, model: ModelAdapter): string[] {
  return readdirSync(join(root, model.facts.tasks), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => `${model.facts.tasks}/${e.name}`)
    .sort();
}

/** Is `node` a function, or a call that wraps one (`inlineCallbacks(function* …)`)? */
function isFunctionValue(node: ts.Expression | undefined): boolean {
  if (!node) return false;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  return ts.isCallExpression(node) && node.arguments.some((a) => isFunctionValue(a));
}

const exported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The function a statement declares (a declaration with a body, or one `const` of a function value). */
function declaredFunction(statement: ts.Statement): string | null {
  if (ts.isFunctionDeclaration(statement) && statement.name && statement.body)
    return statement.name.text;
  if (ts.isVariableStatement(statement)) {
    const [decl, ...more] = statement.declarationList.declarations;
    if (
      decl &&
      more.length === 0 &&
      ts.isIdentifier(decl.name) &&
      isFunctionValue(decl.initializer)
    )
      return decl.name.text;
  }
  return null;
}

/**
 * The exported task functions of one parsed file: name and the statement that declares it —
 * exported where declared, or by a local export list (`export { waitDemo as wait }`, when
 * the exported name would shadow a helper the function calls).
 */
export function exportedFunctions(sf: ts.SourceFile): { name: string; node: ts.Statement }[] {
  const found: { name: string; node: ts.Statement }[] = [];
  const local = new Map<string, ts.Statement>();
  for (const statement of sf.statements) {
    const name = declaredFunction(statement);
    if (name === null) continue;
    if (exported(statement)) found.push({ name, node: statement });
    else local.set(name, statement);
  }
  for (const statement of sf.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly)
      continue;
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const e of statement.exportClause.elements) {
      const node = local.get((e.propertyName ?? e.name).text);
      if (node && !e.isTypeOnly) found.push({ name: e.name.text, node });
    }
  }
  return found.sort((a, b) => a.node.pos - b.node.pos);
}

/** The 1-based lines of `node`, from its leading doc comment to its end. */
export function rangeOf(sf: ts.SourceFile, node: ts.Node): LineRange {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf, true)).line + 1;
  const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
  return { start, end };
}

/** Where SPEC.md first names `task` as code (`` `fetchPage(…` ``); Infinity when it does not. */
function specOrder(spec: string, task: string): number {
  const at = spec.search(new RegExp(`\`${task}\\b`));
  return at < 0 ? Number.POSITIVE_INFINITY : at;
}

/** Reads every model's task files and lines them up by exported function name. */
export function collectSources(root: string, models: readonly ModelAdapter[]): Sources {
  const exhibits: Record<string, Record<string, Exhibit>> = {};
  const rests: Record<string, Record<string, FileRest>> = {};
  const firstSeen: { task: string; file: string; order: number }[] = [];
  const files: {
    model: string;
    file: string;
    lines: string[];
    taken: { name: string; range: LineRange }[];
  }[] = [];
  for (const model of models) {
    for (const file of taskFiles(root, model)) {
      const text = readFileSync(join(root, file), 'utf8');
      const lines = linesOf(text);
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const taken: { name: string; range: LineRange }[] = [];
      for (const { name, node } of exportedFunctions(sf)) {
        const range = rangeOf(sf, node);
        taken.push({ name, range });
        exhibits[name] ??= {};
        exhibits[name][model.name] = {
          model: model.name,
          task: name,
          file,
          lines: range,
          code: lines.slice(range.start - 1, range.end).join('\n'),
        };
        if (!firstSeen.some((s) => s.task === name))
          firstSeen.push({ task: name, file: file.split('/').pop()!, order: firstSeen.length });
      }
      files.push({ model: model.name, file, lines, taken });
    }
  }
  const spec = readFileSync(join(root, 'comparisons/SPEC.md'), 'utf8');
  const tasks = firstSeen
    .filter((s) => Object.keys(exhibits[s.task] ?? {}).length >= 2)
    .sort((a, b) => specOrder(spec, a.task) - specOrder(spec, b.task) || a.order - b.order);
  const groups: TaskGroup[] = [];
  for (const t of tasks) {
    const group = groups.find((g) => g.file === t.file);
    if (group) group.tasks.push(t.task);
    else groups.push({ file: t.file, tasks: [t.task] });
  }
  for (const task of Object.keys(exhibits))
    if (!tasks.some((t) => t.task === task)) delete exhibits[task];
  // The rest of a task file: all but its task functions (a function only one model exports stays here).
  for (const f of files) {
    const base = f.file.split('/').pop()!;
    if (!groups.some((g) => g.file === base)) continue;
    const kept = f.taken
      .filter((t) => exhibits[t.name]?.[f.model]?.file === f.file)
      .map((t) => t.range);
    rests[base] ??= {};
    rests[base][f.model] = { model: f.model, file: f.file, blocks: restBlocks(f.lines, kept) };
  }
  return { models: models.map((m) => m.name), groups, exhibits, rests };
}

/** The runs of lines outside `taken`, dropping runs that are only blank lines. */
function restBlocks(lines: string[], taken: LineRange[]): (LineRange & { code: string })[] {
  const inside = new Set<number>();
  for (const r of taken) for (let n = r.start; n <= r.end; n++) inside.add(n);
  const blocks: (LineRange & { code: string })[] = [];
  let start = 0;
  const last = lines.at(-1) === '' ? lines.length - 1 : lines.length; // the final newline
  for (let n = 1; n <= last + 1; n++) {
    const free = n <= last && !inside.has(n);
    if (free && start === 0) start = n;
    if (!free && start !== 0) {
      let [s, e] = [start, n - 1];
      while (s <= e && lines[s - 1]!.trim() === '') s++;
      while (e >= s && lines[e - 1]!.trim() === '') e--;
      if (s <= e) blocks.push({ start: s, end: e, code: lines.slice(s - 1, e).join('\n') });
      start = 0;
    }
  }
  return blocks;
}
