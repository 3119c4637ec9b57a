/**
 * A car's demands as the stop rules read them: `calls[f]` > 0 when someone on board (or planned to
 * be) gets off at f; `picks[callIndex(dir, f, n)]` > 0 when the car must pick up at f going dir.
 * Besides point reads, the rules ask range questions ("the nearest floor above f with a car call or
 * an up pickup"). A view of a car's own arrays (`Demands.view`, read once per car event) answers
 * them by scanning; the route planner's own demands (`Demands.tracked`, queried many times per
 * decision) keep one bitset per kind beside the arrays and skip empty floors 32 at a time. One
 * class for both keeps the rules' call sites monomorphic.
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

/** Mask of the bits 0…b of a 32-bit word (b in 0…31). */
function bitsUpTo(b: number): number {
  return b === 31 ? -1 : ~(-1 << (b + 1));
}

export class Demands {
  n: number;
  calls: Int32Array;
  picks: Int32Array;
  /** Words per bitset; the bitsets of calls, up pickups and down pickups follow each other. */
  private readonly words: number;
  /** Null for a view (range queries scan the arrays). */
  private readonly bits: Int32Array | null;
  /** Entries left negative, for `clear`: pickups by index, car calls as −1 − floor. */
  private readonly negative: number[] = [];

  private constructor(n: number, tracked: boolean) {
    this.n = n;
    this.calls = new Int32Array(n);
    this.picks = new Int32Array(2 * n);
    this.words = (n + 31) >> 5;
    this.bits = tracked ? new Int32Array(3 * this.words) : null;
  }

  /** A view of arrays owned elsewhere (a car's state): point it at them with `bind`; read only. */
  static view(): Demands {
    return new Demands(0, false);
  }

  /**
   * Demands of n floors owned by the caller and changed only through the methods below, with one
   * bitset per kind (bit set ⇔ entry > 0); `clear` costs the number of non-zero entries, not the
   * floors. (An entry can go negative: an extra pickup taken at open doors where the car's own
   * pickup was already counted as boarding; the rules read it as no demand, like plain arrays.)
   */
  static tracked(n: number): Demands {
    return new Demands(n, true);
  }

  bind(calls: Int32Array, picks: Int32Array, n: number): this {
    this.calls = calls;
    this.picks = picks;
    this.n = n;
    return this;
  }

  /** Lowest floor in lo…hi (inclusive) with a demand of one of `kinds`, else −1. */
  lowest(kinds: number, lo: number, hi: number): number {
    if (lo > hi) return -1;
    if (this.bits === null) return this.scanLowest(kinds, lo, hi);
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

  /** Highest floor in lo…hi (inclusive) with a demand of one of `kinds`, else −1. */
  highest(kinds: number, lo: number, hi: number): number {
    if (lo > hi) return -1;
    if (this.bits === null) return this.scanHighest(kinds, lo, hi);
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

  /** All entries back to zero (tracked demands). */
  clear(): void {
    const { words, calls, picks, n, negative } = this;
    const bits = this.bits!;
    if (negative.length > 0) {
      for (const i of negative)
        if (i < 0) calls[-1 - i] = 0;
        else picks[i] = 0;
      negative.length = 0;
    }
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

  // Scans of a view, one loop per combination of kinds the rules ask for (no per-floor tests of
  // `kinds`: the engine plans every car event with these). callIndex(dir, g, n) is the direction's
  // first index plus g.
  private scanLowest(kinds: number, lo: number, hi: number): number {
    const { calls, picks } = this;
    const up = callIndex(UP, 0, this.n);
    const down = callIndex(DOWN, 0, this.n);
    switch (kinds) {
      case CALL:
        for (let g = lo; g <= hi; g++) if (calls[g]! > 0) return g;
        return -1;
      case PICK_UP:
        for (let g = lo; g <= hi; g++) if (picks[up + g]! > 0) return g;
        return -1;
      case CALL | PICK_UP:
        for (let g = lo; g <= hi; g++) if (calls[g]! > 0 || picks[up + g]! > 0) return g;
        return -1;
      case ANY_DEMAND:
        for (let g = lo; g <= hi; g++)
          if (calls[g]! > 0 || picks[up + g]! > 0 || picks[down + g]! > 0) return g;
        return -1;
      default:
        for (let g = lo; g <= hi; g++) if (this.scanHit(kinds, g)) return g;
        return -1;
    }
  }

  private scanHighest(kinds: number, lo: number, hi: number): number {
    const { calls, picks } = this;
    const up = callIndex(UP, 0, this.n);
    const down = callIndex(DOWN, 0, this.n);
    switch (kinds) {
      case CALL:
        for (let g = hi; g >= lo; g--) if (calls[g]! > 0) return g;
        return -1;
      case PICK_DOWN:
        for (let g = hi; g >= lo; g--) if (picks[down + g]! > 0) return g;
        return -1;
      case CALL | PICK_DOWN:
        for (let g = hi; g >= lo; g--) if (calls[g]! > 0 || picks[down + g]! > 0) return g;
        return -1;
      case ANY_DEMAND:
        for (let g = hi; g >= lo; g--)
          if (calls[g]! > 0 || picks[up + g]! > 0 || picks[down + g]! > 0) return g;
        return -1;
      default:
        for (let g = hi; g >= lo; g--) if (this.scanHit(kinds, g)) return g;
        return -1;
    }
  }

  private scanHit(kinds: number, g: number): boolean {
    return (
      ((kinds & CALL) !== 0 && this.calls[g]! > 0) ||
      ((kinds & PICK_UP) !== 0 && this.picks[callIndex(UP, g, this.n)]! > 0) ||
      ((kinds & PICK_DOWN) !== 0 && this.picks[callIndex(DOWN, g, this.n)]! > 0)
    );
  }

  private word(kinds: number, w: number): number {
    const bits = this.bits!;
    const words = this.words;
    let x = 0;
    if ((kinds & CALL) !== 0) x |= bits[w]!;
    if ((kinds & PICK_UP) !== 0) x |= bits[words + w]!;
    if ((kinds & PICK_DOWN) !== 0) x |= bits[2 * words + w]!;
    return x;
  }

  private mark(kind: number, floor: number, on: boolean): void {
    const bits = this.bits!;
    const i = kind * this.words + (floor >> 5);
    const bit = 1 << (floor & 31);
    if (on) bits[i]! |= bit;
    else bits[i]! &= ~bit;
  }
}
