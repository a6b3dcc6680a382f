/**
 * A time-ordered event queue (binary heap; ties in insertion order) for the planner's model. The
 * model pushes a few events per job and runs hundreds of thousands of jobs per plan, so events live
 * in parallel arrays indexed by slot (no object per event): the heap orders slot numbers, and a
 * popped slot is reused by the next push.
 */
export class EventQueue {
  private times = new Float64Array(256);
  private seqs = new Float64Array(256);
  private kinds = new Int32Array(256);
  private args = new Float64Array(256);
  private refs: unknown[] = new Array(256);
  /** Heap of slot numbers. */
  private heap = new Int32Array(256);
  private length = 0;
  private free: number[] = [];
  private nextSlot = 0;
  private seq = 0;
  /** The event `pop` returned last: read its fields before the next push. */
  t = 0;
  kind = 0;
  a = 0;
  ref: unknown = undefined;

  get size(): number {
    return this.length;
  }

  push(t: number, kind: number, a = 0, ref?: unknown): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.grow();
    this.times[slot] = t;
    this.seqs[slot] = this.seq++;
    this.kinds[slot] = kind;
    this.args[slot] = a;
    this.refs[slot] = ref;
    const h = this.heap;
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(slot, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = slot;
  }

  /** Removes the earliest event into `t`, `kind`, `a`, `ref`; false when the queue is empty. */
  pop(): boolean {
    if (this.length === 0) return false;
    const h = this.heap;
    const top = h[0]!;
    this.t = this.times[top]!;
    this.kind = this.kinds[top]!;
    this.a = this.args[top]!;
    this.ref = this.refs[top];
    this.refs[top] = undefined;
    this.free.push(top);
    const last = h[--this.length]!;
    if (this.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.length) break;
        const r = l + 1;
        const c = r < this.length && this.before(h[r]!, h[l]!) ? r : l;
        if (!this.before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return true;
  }

  peekTime(): number {
    return this.length > 0 ? this.times[this.heap[0]!]! : Number.POSITIVE_INFINITY;
  }

  private before(x: number, y: number): boolean {
    const tx = this.times[x]!;
    const ty = this.times[y]!;
    return tx < ty || (tx === ty && this.seqs[x]! < this.seqs[y]!);
  }

  /** A new slot, doubling the arrays when they are full. */
  private grow(): number {
    const slot = this.nextSlot++;
    if (slot >= this.times.length) {
      const n = this.times.length * 2;
      const widen = <T extends Float64Array | Int32Array>(xs: T, make: (n: number) => T): T => {
        const out = make(n);
        out.set(xs);
        return out;
      };
      this.times = widen(this.times, (k) => new Float64Array(k));
      this.seqs = widen(this.seqs, (k) => new Float64Array(k));
      this.kinds = widen(this.kinds, (k) => new Int32Array(k));
      this.args = widen(this.args, (k) => new Float64Array(k));
      this.heap = widen(this.heap, (k) => new Int32Array(k));
      this.refs.length = n;
    }
    return slot;
  }
}
