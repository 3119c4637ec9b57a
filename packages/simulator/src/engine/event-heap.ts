/**
 * Indexed binary min-heap of the cars' next event times. Each car has at most one pending event,
 * so updating its key in place replaces lazy deletion and keeps the heap as small as the fleet.
 * Ties are broken by the lower car index, so event order is deterministic.
 */
export class CarEventHeap {
  private readonly heap: Int32Array;
  /** Position of each car in `heap`. */
  private readonly pos: Int32Array;
  readonly times: Float64Array;

  constructor(size: number) {
    this.heap = new Int32Array(size);
    this.pos = new Int32Array(size);
    this.times = new Float64Array(size).fill(Infinity);
    for (let i = 0; i < size; i++) {
      this.heap[i] = i;
      this.pos[i] = i;
    }
  }

  /** Car with the earliest event (ties: lowest index). */
  peek(): number {
    return this.heap[0]!;
  }

  peekTime(): number {
    return this.times[this.heap[0]!]!;
  }

  set(car: number, time: number): void {
    const old = this.times[car]!;
    this.times[car] = time;
    const p = this.pos[car]!;
    if (time < old) this.up(p);
    else if (time > old) this.down(p);
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && a < b);
  }

  private up(p: number): void {
    const h = this.heap;
    const item = h[p]!;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      const other = h[parent]!;
      if (!this.less(item, other)) break;
      h[p] = other;
      this.pos[other] = p;
      p = parent;
    }
    h[p] = item;
    this.pos[item] = p;
  }

  private down(p: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[p]!;
    for (;;) {
      let child = 2 * p + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(h[child + 1]!, h[child]!)) child++;
      const other = h[child]!;
      if (!this.less(other, item)) break;
      h[p] = other;
      this.pos[other] = p;
      p = child;
    }
    h[p] = item;
    this.pos[item] = p;
  }
}
