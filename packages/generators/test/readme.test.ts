// Generator trampoline model — the README's snippet, extracted and run as written against a
// local HTTP server (the repository's rule: every README snippet is code that CI runs). Read task.test.ts next.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, toPage } from '@async-rosetta/future';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { currentLoop, spawn, wait } from '../src/index.js';

describe('README', () => {
  it('runs the getPage snippet: a Task that reads like sequential code fetches a Page', async () => {
    // upstream: Lib/test/test_asyncio/test_tasks.py BaseTaskTests.test_step_result_future (the same shape)
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain('yield* wait(');
    const { code } = await transform(`${snippet}\nreturn task;`, { loader: 'ts' });

    const server = createServer((_, res) => res.end('hello from the README'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const run = new Function('wait', 'request', 'currentLoop', 'toPage', 'spawn', 'url', code);
      const page = await run(wait, request, currentLoop, toPage, spawn, url);
      expect(page.status).toBe(200);
      expect(Buffer.from(page.body).toString()).toBe('hello from the README');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
