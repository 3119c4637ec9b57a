/**
 * Group choice: which car group a passenger uses when several groups serve both the origin and
 * the destination (e.g. a low-rise group and a shuttle both serving the lobby and floor 8).
 * - Groups that state a `trafficShare` take that share of such trips (drawn per passenger from a
 *   hash of the seed and the passenger id, so no traffic random number is consumed);
 * - the rest of the trips go to the group with the shorter expected wait at that moment: half the
 *   group's analytic interval plus one interval per car-load already queued at the landing.
 * A trip that one group serves always uses it.
 */
import { upPeakCalc } from '../calculator.js';
import { callIndex, dirOf } from './model.js';
import type { EngineState } from './state.js';

export class GroupChooser {
  /** Groups able to carry each (origin·n + destination) trip, in group order. */
  private readonly byTrip: (readonly number[])[];
  private readonly interval: number[];
  private readonly carLoad: number[];

  constructor(
    private readonly state: EngineState,
    private readonly seed: number,
  ) {
    const { n, groups, cars } = state;
    this.byTrip = new Array<readonly number[]>(n * n);
    const none: readonly number[] = [];
    for (let o = 0; o < n; o++)
      for (let d = 0; d < n; d++) {
        const serving =
          o === d
            ? none
            : groups
                .filter((g) => g.cars.some((ci) => cars[ci]!.serves[o] === 1 && cars[ci]!.serves[d] === 1))
                .map((g) => g.index);
        this.byTrip[o * n + d] = serving.length > 0 ? serving : none;
      }
    const needsEstimates = this.byTrip.some((gs) => gs.length > 1);
    const figures = needsEstimates ? upPeakCalc(state.building) : [];
    this.interval = groups.map((g) => {
      const i = figures[g.index]?.interval;
      return i !== undefined && Number.isFinite(i) && i > 0 ? i : 30;
    });
    this.carLoad = groups.map((g) => g.cars.reduce((s, ci) => s + cars[ci]!.boardLimit, 0) / g.cars.length);
  }

  /** Whether some group carries the trip. */
  serves(origin: number, destination: number): boolean {
    return this.byTrip[origin * this.state.n + destination]!.length > 0;
  }

  /** Group index for passenger `id`'s trip; −1 when no group serves it. */
  choose(id: number, origin: number, destination: number): number {
    const options = this.byTrip[origin * this.state.n + destination]!;
    if (options.length <= 1) return options.length === 1 ? options[0]! : -1;
    const groups = this.state.groups;
    const unstated: number[] = [];
    let stated = 0;
    for (const g of options) {
      const share = groups[g]!.trafficShare;
      if (share === undefined) unstated.push(g);
      else stated += share;
    }
    if (stated > 0) {
      // Stated shares are fractions of the trips; with no group left to take the rest they are weights.
      const scale = unstated.length === 0 || stated > 1 ? 1 / stated : 1;
      let u = unitHash(this.seed, id);
      for (const g of options) {
        const share = groups[g]!.trafficShare;
        if (share === undefined) continue;
        u -= share * scale;
        if (u < 0) return g;
      }
    }
    return this.shortestExpectedWait(unstated.length > 0 ? unstated : options, origin, destination);
  }

  private shortestExpectedWait(options: readonly number[], origin: number, destination: number): number {
    const k = callIndex(dirOf(origin, destination), origin, this.state.n);
    let best = options[0]!;
    let bestWait = Infinity;
    for (const g of options) {
      const queued = this.state.groups[g]!.queues[k]!.length;
      const wait = this.interval[g]! * (0.5 + queued / this.carLoad[g]!);
      if (wait < bestWait - 1e-9) {
        best = g;
        bestWait = wait;
      }
    }
    return best;
  }
}

/** A uniform number in [0, 1) from (seed, id): a 32-bit integer mix (murmur3's finaliser). */
function unitHash(seed: number, id: number): number {
  let h = (seed ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
