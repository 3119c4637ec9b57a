/**
 * A car's demands as the stop rules read them: `calls[f]` > 0 when someone on board (or planned to
 * be) gets off at f; `picks[callIndex(dir, f, n)]` > 0 when the car must pick up at f going dir.
 * Besides point reads, the rules ask range questions ("the nearest floor above f with a car call or
 * an up pickup"); two implementations answer them: `ArrayDemands` scans the arrays (for a car's own
 * state, read once per event) and `TrackedDemands` keeps one bitset per kind beside its arrays, so
 * the route planner's many queries skip empty floors 32 at a time.
 */
import { DOWN, UP, callDir, callFloor, callIndex, type Dir } from './model.js';

/** Demand kinds, combined as a bit mask in range queries. */
export const CALL = 1;
export const PICK_UP = 2;
export const PICK_DOWN = 4;
export const ANY_DEMAND = CALL | PICK_UP | PICK_DOWN;

/** The pickup kind of direction d (UP or DOWN). */
export function pickKind(d: Dir): number {
  return d === UP ? PICK_UP : PICK_DOWN;
}

export interface Demands {
  readonly n: number;
  readonly calls: Int32Array;
  readonly picks: Int32Array;
  /** Lowest floor in lo…hi (inclusive) with a demand of one of `kinds`, else −1. */
  lowest(kinds: number, lo: number, hi: number): number;
  /** Highest floor in lo…hi (inclusive) with a demand of one of `kinds`, else −1. */
  highest(kinds: number, lo: number, hi: number): number;
}

/** Range queries by scanning the arrays; `bind` points it at a car's own arrays. */
export class ArrayDemands implements Demands {
  n = 0;
  calls: Int32Array = new Int32Array(0);
  picks: Int32Array = new Int32Array(0);

  bind(calls: Int32Array, picks: Int32Array, n: number): this {
    this.calls = calls;
    this.picks = picks;
    this.n = n;
    return this;
  }

  lowest(kinds: number, lo: number, hi: number): number {
    const { calls, picks, n } = this;
    const c = (kinds & CALL) !== 0;
    const u = (kinds & PICK_UP) !== 0;
    const d = (kinds & PICK_DOWN) !== 0;
    for (let g = lo; g <= hi; g++)
      if (
        (c && calls[g]! > 0) ||
        (u && picks[callIndex(UP, g, n)]! > 0) ||
        (d && picks[callIndex(DOWN, g, n)]! > 0)
      )
        return g;
    return -1;
  }

  highest(kinds: number, lo: number, hi: number): number {
    const { calls, picks, n } = this;
    const c = (kinds & CALL) !== 0;
    const u = (kinds & PICK_UP) !== 0;
    const d = (kinds & PICK_DOWN) !== 0;
    for (let g = hi; g >= lo; g--)
      if (
        (c && calls[g]! > 0) ||
        (u && picks[callIndex(UP, g, n)]! > 0) ||
        (d && picks[callIndex(DOWN, g, n)]! > 0)
      )
        return g;
    return -1;
  }
}

/** Mask of the bits 0…b of a 32-bit word (b in 0…31). */
function bitsUpTo(b: number): number {
  return b === 31 ? -1 : ~(-1 << (b + 1));
}

/**
 * Demand arrays the route planner owns and changes only through these methods, with one bitset
 * per kind (bit set ⇔ entry > 0). `clear` costs the number of non-zero entries, not the floors.
 * (An entry can go negative: an extra pickup taken at open doors where the car's own pickup was
 * already counted as boarding; the rules read it as no demand, like the plain arrays.)
 */
export class TrackedDemands implements Demands {
  readonly calls: Int32Array;
  readonly picks: Int32Array;
  /** Words per bitset; the bitsets of calls, up pickups and down pickups follow each other. */
  private readonly words: number;
  private readonly bits: Int32Array;
  /** Entries left negative, for `clear`: pickups by index, car calls as −1 − floor. */
  private readonly negative: number[] = [];

  constructor(readonly n: number) {
    this.calls = new Int32Array(n);
    this.picks = new Int32Array(2 * n);
    this.words = (n + 31) >> 5;
    this.bits = new Int32Array(3 * this.words);
  }

  addCall(floor: number, count: number): void {
    const v = (this.calls[floor]! += count);
    if (v < 0) this.negative.push(-1 - floor);
    this.mark(0, floor, v > 0);
  }

  setCall(floor: number, value: number): void {
    this.calls[floor] = value;
    if (value < 0) this.negative.push(-1 - floor);
    this.mark(0, floor, value > 0);
  }

  addPick(k: number, count: number): void {
    const v = (this.picks[k]! += count);
    if (v < 0) this.negative.push(k);
    this.mark(callDir(k, this.n) === DOWN ? 2 : 1, callFloor(k, this.n), v > 0);
  }

  setPick(k: number, value: number): void {
    this.picks[k] = value;
    if (value < 0) this.negative.push(k);
    this.mark(callDir(k, this.n) === DOWN ? 2 : 1, callFloor(k, this.n), value > 0);
  }

  /** All entries back to zero. */
  clear(): void {
    const { bits, words, calls, picks, n, negative } = this;
    for (const i of negative)
      if (i < 0) calls[-1 - i] = 0;
      else picks[i] = 0;
    negative.length = 0;
    for (let kind = 0; kind < 3; kind++) {
      for (let w = 0; w < words; w++) {
        let x = bits[kind * words + w]!;
        if (x === 0) continue;
        bits[kind * words + w] = 0;
        while (x !== 0) {
          const low = x & -x;
          const f = (w << 5) + 31 - Math.clz32(low);
          if (kind === 0) calls[f] = 0;
          else picks[callIndex(kind === 1 ? UP : DOWN, f, n)] = 0;
          x ^= low;
        }
      }
    }
  }

  lowest(kinds: number, lo: number, hi: number): number {
    if (lo > hi) return -1;
    const last = hi >> 5;
    let mask = -1 << (lo & 31);
    for (let w = lo >> 5; w <= last; w++) {
      let x = this.word(kinds, w) & mask;
      if (w === last) x &= bitsUpTo(hi & 31);
      if (x !== 0) return (w << 5) + 31 - Math.clz32(x & -x);
      mask = -1;
    }
    return -1;
  }

  highest(kinds: number, lo: number, hi: number): number {
    if (lo > hi) return -1;
    const first = lo >> 5;
    let mask = bitsUpTo(hi & 31);
    for (let w = hi >> 5; w >= first; w--) {
      let x = this.word(kinds, w) & mask;
      if (w === first) x &= -1 << (lo & 31);
      if (x !== 0) return (w << 5) + 31 - Math.clz32(x);
      mask = -1;
    }
    return -1;
  }

  private word(kinds: number, w: number): number {
    const { bits, words } = this;
    let x = 0;
    if ((kinds & CALL) !== 0) x |= bits[w]!;
    if ((kinds & PICK_UP) !== 0) x |= bits[words + w]!;
    if ((kinds & PICK_DOWN) !== 0) x |= bits[2 * words + w]!;
    return x;
  }

  private mark(kind: number, floor: number, on: boolean): void {
    const i = kind * this.words + (floor >> 5);
    const bit = 1 << (floor & 31);
    if (on) this.bits[i]! |= bit;
    else this.bits[i]! &= ~bit;
  }
}
