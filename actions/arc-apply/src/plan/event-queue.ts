/** A time-ordered event queue (binary heap; ties in insertion order) for the planner's model. */
export interface QueuedEvent {
  t: number;
  seq: number;
  kind: number;
  /** A job index, a runner, a value or a listener epoch, by kind. */
  a: number;
  ref?: unknown;
}

export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, kind: number, a = 0, ref?: unknown): void {
    const e: QueuedEvent = { t, seq: this.seq++, kind, a, ref };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  pop(): QueuedEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
    return top;
  }

  peekTime(): number {
    return this.heap[0]?.t ?? Number.POSITIVE_INFINITY;
  }
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
