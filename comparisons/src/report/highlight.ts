/**
 * Syntax highlighting at build time with shiki (TextMate grammars, the editor's colours):
 * the page gets coloured HTML and the slides coloured tokens, and no script runs for it.
 * Contract: one highlighter per report run (`createCodeHighlighter`), TypeScript only, the
 * `github-light` theme; `html(code, startLine)` returns shiki's `<pre>` whose `<code>`
 * numbers its lines from `startLine` (a CSS counter, so the text stays the file's text).
 * Lineage: shikijs/shiki, `packages/shiki/src/bundle-full.ts`. Read html.ts next.
 */
import { createHighlighter } from 'shiki';

export const THEME = 'github-light';

export interface Token {
  content: string;
  color: string;
}

export interface CodeHighlighter {
  html(code: string, startLine: number): string;
  tokens(code: string): Token[][];
  dispose(): void;
}

export async function createCodeHighlighter(): Promise<CodeHighlighter> {
  const shiki = await createHighlighter({ themes: [THEME], langs: ['typescript'] });
  return {
    html: (code, startLine) =>
      shiki
        .codeToHtml(code, { lang: 'typescript', theme: THEME })
        .replace('<code>', `<code style="counter-reset: line ${startLine - 1}">`),
    tokens: (code) =>
      shiki
        .codeToTokensBase(code, { lang: 'typescript', theme: THEME })
        .map((line) => line.map((t) => ({ content: t.content, color: t.color ?? '#24292e' }))),
    dispose: () => shiki.dispose(),
  };
}
