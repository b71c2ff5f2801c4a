/**
 * The echo servers the macro suites drive: the raw node:net limit plus every
 * model in the registry (comparisons/src/models), each started in its own
 * process by echo-server-process.ts. Read macro/echo.ts next.
 */
import { type ModelAdapter, models } from '@async-rosetta/comparisons';
import { startRawEchoServer } from './limits/raw-echo-server.js';
import type { Kind } from './schema.js';

/** Models in the order of their history (DESIGN.md), so every table lists them alike; others follow. */
const HISTORY = ['deferred', 'deferred-inline', 'future', 'generators', 'asyncawait'];

/** The registered models, oldest lineage first. */
export function modelsInOrder(): ModelAdapter[] {
  const rank = (name: string): number => {
    const i = HISTORY.indexOf(name);
    return i < 0 ? HISTORY.length : i;
  };
  return [...models].sort((a, b) => rank(a.name) - rank(b.name));
}

/** The name of every limit row (micro, echo, fetch, idle): plain callbacks, no model in between. */
export const LIMIT = 'callback';

export interface ServerEntry {
  name: string;
  kind: Kind;
  description: string;
  start(): Promise<{ host: string; port: number; close(): Promise<unknown> }>;
}

/** The limit first, then the registered models in registry order. */
export function echoServers(): ServerEntry[] {
  return [
    {
      name: LIMIT,
      kind: 'limit',
      description: 'raw node:net callbacks: data → write, pause on a full buffer',
      start: async () => {
        const s = await startRawEchoServer();
        return { host: '127.0.0.1', port: s.port, close: s.close };
      },
    },
    ...modelsInOrder().map(
      (m): ServerEntry => ({
        name: m.name,
        kind: 'model',
        description: m.description,
        start: async () => {
          const s = await m.serveEcho({ host: '127.0.0.1', port: 0 });
          return { host: s.address.host, port: s.address.port, close: () => s.close() };
        },
      }),
    ),
  ];
}
