// asyncio's Future model — the README's snippet, extracted and run as written (the repository's rule: every
// README snippet is code that CI runs). Read next: future.test.ts.
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as future from '../src/index.js';

describe('README', () => {
  it('runs the snippet of "The idea": the done-callback runs through the loop, after setResult', async () => {
    // upstream: Lib/test/test_asyncio/test_futures.py BaseFutureDoneCallbackTests.test_callbacks_invoked_on_set_result (the same shape)
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain("from '@async-rosetta/future'");
    const body = snippet!.replace(/^import .*$/m, '');
    const wrapped = `async function snippet() {\n${body}\nreturn { seen, value, loop };\n}`;
    const { code } = await transform(wrapped, { loader: 'ts' });
    const run = new Function('EventLoop', `${code}\nreturn snippet();`);
    const { seen, value, loop } = await run(future.EventLoop);
    expect(value).toBe(42);
    expect(seen).toEqual(['got 42']);
    expect(loop.isClosed()).toBe(true);
  });
});
