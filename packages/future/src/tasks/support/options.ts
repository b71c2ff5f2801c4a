/**
 * asyncio-callback model: what this model adds to the tasks' options, the loop.
 * Contract: every task takes task-spec's options (comparisons/SPEC.md, "Arguments") plus
 * `loop`, the EventLoop it runs on (default `getEventLoop()`), as asyncio's functions of
 * the PEP 3156 era took `loop=`. Shapes, domains and defaults are task-spec's; none is
 * restated here.
 * Lineage: the `loop=None` parameter asyncio's functions took until Python 3.10 (e.g.
 * `open_connection` in Lib/asyncio/streams.py). Read ../fetch.ts next.
 */
import type * as Spec from '@async-rosetta/task-spec';
import type { EventLoop } from '../../loop.js';

/** What every task of this model adds to SPEC.md's options: the loop it runs on. */
export interface OnLoop {
  /** Default: `getEventLoop()`. */
  loop?: EventLoop;
}

export type FetchOptions = Spec.FetchOptions & OnLoop;
export type FetchAllOptions = Spec.FetchAllOptions & OnLoop;
export type EchoServerOptions = Spec.EchoServerOptions & OnLoop;
export type EchoClientOptions = Spec.EchoClientOptions & OnLoop;
