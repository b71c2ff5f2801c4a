/**
 * asyncio's Future model — the loop's queue of TimerHandles, ordered by due time.
 *
 * Contract: `pop()` returns handles in order of `when()`, and handles with equal `when()` in the
 * order they were pushed (asyncio's heapq leaves ties unordered; we make them FIFO so runs are
 * deterministic). Cancelled handles stay in the queue until popped or `purge()`d, as in asyncio.
 *
 * Lineage: the `_scheduled` heap of asyncio `base_events.py`.
 *
 * Read next: ./loop.ts.
 */
import type { TimerHandle } from './handles.js';

interface Entry {
  handle: TimerHandle;
  when: number;
  seq: number;
}

function before(a: Entry, b: Entry): boolean {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

/** A binary min-heap of TimerHandles keyed by (when, insertion order). */
export class TimerQueue {
  private heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(handle: TimerHandle): void {
    const heap = this.heap;
    heap.push({ handle, when: handle.when(), seq: this.seq++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The earliest handle (cancelled or not), without removing it. */
  peek(): TimerHandle | undefined {
    return this.heap[0]?.handle;
  }

  pop(): TimerHandle | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top.handle;
  }

  /** Drop every cancelled handle (asyncio purges when too many cancelled timers pile up). */
  purge(): void {
    this.heap = this.heap.filter((e) => !e.handle.cancelled());
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Remove and return every handle, in no particular order. */
  drain(): TimerHandle[] {
    const handles = this.heap.map((e) => e.handle);
    this.heap = [];
    return handles;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
