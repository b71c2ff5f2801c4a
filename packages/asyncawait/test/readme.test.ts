/**
 * async/await model — the README's snippet is code that runs: this test takes
 * the first ```ts block of README.md and runs it against this package's source.
 * Read support/deadline.test.ts next.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, vi } from 'vitest';

it('runs the README snippet', async () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(snippet, 'a ```ts block in README.md').toBeDefined();
  const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'asyncawait-readme-'));
  const file = join(dir, 'snippet.ts');
  writeFileSync(file, snippet!.replace("'@async-rosetta/asyncawait'", JSON.stringify(source)));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(file);
    expect(log).toHaveBeenCalledWith(
      { messages: 100, bytes: 102_400, mismatches: 0 },
      expect.objectContaining({ connections: 1, bytesEchoed: 102_400 }),
    );
  } finally {
    log.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
});
