import type { Building, CarGroup } from '@hoistway/shared-types';
import { flightTime } from './motion.js';

/** Analytic up-peak figures of one car group (Barney / CIBSE Guide D, see domain.md). Times in s. */
export interface UpPeakFigures {
  group: string;
  /** N: floors served above the group's entrance floor. */
  floorsAbove: number;
  /** Persons on those floors (U). */
  population: number;
  /** Average passengers per round trip: loadingFactor × capacity. */
  P: number;
  /** Expected stops per round trip. */
  S: number;
  /** Expected highest reversal floor (counted in served floors above the entrance). */
  H: number;
  /** Time to pass one floor at rated speed: d_f / v. */
  tv: number;
  /** Flight time over one floor (jerk-limited). */
  tf1: number;
  /** Time per stop: t_f(1) − t_v + t_o + t_c + t_sd. */
  ts: number;
  /** Round trip time, including the express jump. */
  rtt: number;
  interval: number;
  /** Handling capacity: persons carried in 5 minutes. */
  hc5Persons: number;
  /** HC5 as % of `population`. */
  hc5Percent: number;
  /** Barney's average waiting time estimate. */
  awt: number;
  cars: number;
  /** Car capacity, persons (group mean if cars differ). */
  capacity: number;
  /** Mean distance between served floors above the entrance, m (d_f). */
  floorDistance: number;
  /** Extra round-trip time to cross the unserved floors between the entrance and the zone: 2·(express distance)/v. */
  expressJump: number;
}

/**
 * One set of up-peak figures per car group, from the formulas of domain.md. Conventions:
 * - The group's entrance is the lowest entrance floor it serves (else its lowest floor); N and U count
 *   the served floors above it.
 * - Car parameters are the group's means (they are normally identical).
 * - d_f is the mean distance between consecutive served floors above the entrance (the mean floor
 *   height of a contiguous zone); a single served floor uses its distance from the entrance.
 * - Express zone (no floor served directly above the entrance, e.g. a high-rise group serving 0 and
 *   21–39): the car first crosses the express distance = elevation(first zone floor) − elevation(entrance)
 *   − d_f (the first d_f is already in 2·H·t_v) at rated speed each way, so RTT gains 2·express/v.
 * - H with unequal populations: H = N − Σ_{i=1}^{N−1} (Σ_{k≤i} U_k/U)^P, which is Barney's
 *   N − Σ (i/N)^P when all floors hold the same population.
 */
export function upPeakCalc(building: Building): UpPeakFigures[] {
  return building.groups.map((group) => groupFigures(building, group));
}

function groupFigures(building: Building, group: CarGroup): UpPeakFigures {
  const served = [...group.servedFloors].sort((a, b) => a - b);
  const entrance = served.find((f) => building.floors[f]?.entrance) ?? served[0]!;
  const above = served.filter((f) => f > entrance);
  const N = above.length;
  const elevation = floorElevations(building);
  const populations = above.map((f) => building.floors[f]!.population);
  const U = populations.reduce((s, u) => s + u, 0);
  // With nobody above the entrance, treat the floors as equally populated so the figures stay finite.
  const shares = U > 0 ? populations.map((u) => u / U) : populations.map(() => 1 / N);

  const L = group.cars.length;
  const mean = (get: (c: CarGroup['cars'][number]) => number) =>
    group.cars.reduce((s, c) => s + get(c), 0) / L;
  const capacity = mean((c) => c.capacity);
  const motion = {
    speed: mean((c) => c.speed),
    acceleration: mean((c) => c.acceleration),
    jerk: mean((c) => c.jerk),
  };
  const to = mean((c) => c.doorOpenTime);
  const tc = mean((c) => c.doorCloseTime);
  const tsd = mean((c) => c.startDelay);
  const tp = mean((c) => c.transferTime);

  const P = building.loadingFactor * capacity;
  const S = shares.reduce((s, share) => s + 1 - (1 - share) ** P, 0);
  let cumulative = 0;
  let H = N;
  for (let i = 0; i < N - 1; i++) H -= (cumulative += shares[i]!) ** P;

  const first = above[0];
  const top = above[N - 1];
  const firstRise = first === undefined ? 0 : elevation[first]! - elevation[entrance]!;
  const df = N >= 2 ? (elevation[top!]! - elevation[first!]!) / (N - 1) : firstRise;
  const isExpressZone = first !== undefined && first > entrance + 1;
  const expressDistance = isExpressZone ? Math.max(0, firstRise - df) : 0;
  const expressJump = (2 * expressDistance) / motion.speed;

  const tv = df / motion.speed;
  const tf1 = flightTime(df, motion);
  const ts = tf1 - tv + to + tc + tsd;
  const rtt = 2 * H * tv + (S + 1) * ts + 2 * P * tp + expressJump;
  const interval = rtt / L;
  const hc5Persons = (300 * P * L) / rtt;
  const awt = (0.4 + (1.8 * (P / capacity) - 0.77) ** 2) * interval;
  return {
    group: group.name,
    floorsAbove: N,
    population: U,
    P,
    S,
    H,
    tv,
    tf1,
    ts,
    rtt,
    interval,
    hc5Persons,
    hc5Percent: U > 0 ? (100 * hc5Persons) / U : 0,
    awt,
    cars: L,
    capacity,
    floorDistance: df,
    expressJump,
  };
}

/** Height of each floor above floor 0, m. */
function floorElevations(building: Building): number[] {
  const out = [0];
  for (let i = 1; i < building.floors.length; i++) out.push(out[i - 1]! + building.floors[i - 1]!.height);
  return out;
}
