/**
 * Flight times and profiles between floors for one set of motion limits, computed on first use and
 * cached: the hot loops (stop planning, ETA estimates) only read tables. The tables depend only on
 * the limits and the floor levels, so simulations of the same building share them (a comparison
 * runs the same building many times); the few most recently used sets are kept.
 */
import {
  divergenceTime,
  flightTime,
  motionProfile,
  type MotionParams,
  type MotionProfile,
} from '../motion.js';

interface MotionTables {
  /** Flight time per (from·n + to), −1 until computed. */
  readonly times: Float64Array;
  /** Profile per ordered floor pair (lower floor first). */
  readonly profiles: (MotionProfile | undefined)[];
  /**
   * Per flight (start·n + target): for each floor, the latest elapsed time at which the car can
   * still switch to stopping there (divergence time + tolerance; NaN = not yet known).
   */
  readonly switchLimits: (Float64Array | undefined)[];
  /**
   * Per flight: running maximum of the switch limits of the floors after `start`, in travel order
   * up to the one before `target` (for `nearestStop`).
   */
  readonly reachLimits: (Float64Array | undefined)[];
}

/** Motion tables shared between simulations, by limits and floor levels; least recently used first. */
const sharedTables = new Map<string, MotionTables>();
const SHARED_TABLE_SETS = 8;

function tablesFor(params: MotionParams, levels: readonly number[]): MotionTables {
  const key = `${params.speed}|${params.acceleration}|${params.jerk}|${levels.join(',')}`;
  let tables = sharedTables.get(key);
  if (tables) sharedTables.delete(key);
  else {
    const pairs = levels.length * levels.length;
    tables = {
      times: new Float64Array(pairs).fill(-1),
      profiles: new Array<MotionProfile | undefined>(pairs).fill(undefined),
      switchLimits: new Array<Float64Array | undefined>(pairs).fill(undefined),
      reachLimits: new Array<Float64Array | undefined>(pairs).fill(undefined),
    };
    if (sharedTables.size >= SHARED_TABLE_SETS) sharedTables.delete(sharedTables.keys().next().value!);
  }
  sharedTables.set(key, tables);
  return tables;
}

export class FloorMotion {
  private readonly n: number;
  private readonly times: Float64Array;
  private readonly profiles: (MotionProfile | undefined)[];
  private readonly switchLimits: (Float64Array | undefined)[];
  private readonly reachLimits: (Float64Array | undefined)[];

  constructor(
    readonly params: MotionParams,
    /** Height of each floor above floor 0, m. */
    readonly levels: readonly number[],
  ) {
    this.n = levels.length;
    const tables = tablesFor(params, levels);
    this.times = tables.times;
    this.profiles = tables.profiles;
    this.switchLimits = tables.switchLimits;
    this.reachLimits = tables.reachLimits;
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
    let p = this.profiles[k];
    if (!p) {
      p = motionProfile(this.distance(from, to), this.params);
      this.profiles[k] = p;
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
    const key = start * this.n + target;
    let limits = this.switchLimits[key];
    if (!limits) {
      limits = new Float64Array(this.n).fill(NaN);
      this.switchLimits[key] = limits;
    }
    let limit = limits[floor]!;
    if (Number.isNaN(limit)) {
      limit = divergenceTime(this.profile(start, target), this.profile(start, floor)) + 1e-9;
      limits[floor] = limit;
    }
    return elapsed <= limit;
  }

  /**
   * Nearest floor after `start` (toward `target`) where a car that left `elapsed` s ago can still
   * stop; `target` if there is none before it. Same answer as trying each floor in turn with
   * `canSwitch`: the first floor whose limit admits `elapsed` is the first where the running
   * maximum of the limits does, found by bisection.
   */
  nearestStop(start: number, target: number, elapsed: number): number {
    const count = Math.abs(target - start) - 1;
    if (count <= 0) return target;
    const key = start * this.n + target;
    let reach = this.reachLimits[key];
    const step = target > start ? 1 : -1;
    if (!reach) {
      reach = new Float64Array(count);
      let max = -Infinity;
      for (let i = 0; i < count; i++) {
        const g = start + step * (i + 1);
        // canSwitch fills the limit of g.
        this.canSwitch(start, target, g, Infinity);
        max = Math.max(max, this.switchLimits[key]![g]!);
        reach[i] = max;
      }
      this.reachLimits[key] = reach;
    }
    if (!(elapsed <= reach[count - 1]!)) return target;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (elapsed <= reach[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return start + step * (lo + 1);
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
