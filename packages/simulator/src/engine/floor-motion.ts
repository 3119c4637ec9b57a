/**
 * Flight times and profiles between floors for one set of motion limits, computed on first use and
 * cached: the hot loops (stop planning, ETA estimates) only read tables.
 */
import {
  divergenceTime,
  flightTime,
  motionProfile,
  type MotionParams,
  type MotionProfile,
} from '../motion.js';

export class FloorMotion {
  private readonly n: number;
  private readonly times: Float64Array;
  private readonly profiles = new Map<number, MotionProfile>();

  constructor(
    readonly params: MotionParams,
    /** Height of each floor above floor 0, m. */
    readonly levels: readonly number[],
  ) {
    this.n = levels.length;
    this.times = new Float64Array(this.n * this.n).fill(-1);
  }

  distance(from: number, to: number): number {
    return Math.abs(this.levels[to]! - this.levels[from]!);
  }

  flightTime(from: number, to: number): number {
    const k = from * this.n + to;
    let t = this.times[k]!;
    if (t < 0) {
      t = flightTime(this.distance(from, to), this.params);
      this.times[k] = t;
      this.times[to * this.n + from] = t;
    }
    return t;
  }

  /** Profiles depend only on the distance; keyed by the ordered floor pair (the reverse trip shares it). */
  profile(from: number, to: number): MotionProfile {
    const k = from < to ? from * this.n + to : to * this.n + from;
    let p = this.profiles.get(k);
    if (!p) {
      p = motionProfile(this.distance(from, to), this.params);
      this.profiles.set(k, p);
    }
    return p;
  }

  /**
   * Can a car that left `start` for `target` `elapsed` seconds ago switch to stopping at `floor`
   * instead (nearer or farther, same direction)? Exact: the two trips share their profile until
   * their divergence time.
   */
  canSwitch(start: number, target: number, floor: number, elapsed: number): boolean {
    if (floor === target) return true;
    if (floor === start) return false;
    return elapsed <= divergenceTime(this.profile(start, target), this.profile(start, floor)) + 1e-9;
  }
}

/** Cumulative floor heights: level[i] = height of floor i above floor 0. */
export function floorLevels(heights: readonly number[]): number[] {
  const levels = new Array<number>(heights.length);
  let h = 0;
  for (let i = 0; i < heights.length; i++) {
    levels[i] = h;
    h += heights[i]!;
  }
  return levels;
}
