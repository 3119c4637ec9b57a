import type { Building, Car, CarGroup, ParkingPolicy } from '@hoistway/shared-types';
import { flightTime, type MotionParams } from './motion.js';

/**
 * One round trip of a car group in a saturated up-peak, as one model sees it. Times in s. The four
 * parts add up to `rtt`: flight + doors + startDelays + transfers.
 */
export interface RoundTripFigures {
  /** Passengers per round trip. */
  P: number;
  /** Expected stops above the entrance per round trip. */
  S: number;
  /** Expected highest reversal floor (counted in served floors above the entrance). */
  H: number;
  /** Time in flight per round trip, including acceleration and braking (and the express jump). */
  flight: number;
  /** Door opening and closing: (S + 1) · (t_o + t_c). */
  doors: number;
  /** Start delays: (S + 1) · t_sd. */
  startDelays: number;
  /** Boarding, alighting and door dwell per round trip. */
  transfers: number;
  /** Round trip time. */
  rtt: number;
  interval: number;
  /** Handling capacity: persons carried in 5 minutes. */
  hc5Persons: number;
  /** HC5 as % of the population above the entrance (`population`). */
  hc5Percent: number;
  /** Barney's average waiting time estimate: [0.4 + (1.8·P/CC − 0.77)²] · interval. */
  awt: number;
}

/** The textbook figures, with the intermediate terms of the formula. */
export interface TextbookFigures extends RoundTripFigures {
  /** Time to pass one floor at rated speed: d_f / v. */
  tv: number;
  /** Flight time over one floor (jerk-limited). */
  tf1: number;
  /** Time per stop: t_f(1) − t_v + t_o + t_c + t_sd. */
  ts: number;
  /** Extra round-trip time to cross the express distance at rated speed: 2 · express / v. */
  expressJump: number;
}

/**
 * Analytic up-peak figures of one car group (see docs/architecture.md). The headline
 * figures (P … awt at the top level) are the engine-consistent ones, which a saturated up-peak
 * simulation of the same building reproduces; `textbook` holds Barney's / CIBSE Guide D's.
 */
export interface UpPeakFigures extends RoundTripFigures {
  group: string;
  /** N: floors served above the group's entrance floor. */
  floorsAbove: number;
  /** Persons on those floors (U). */
  population: number;
  cars: number;
  /** Car capacity, persons (group mean if cars differ). */
  capacity: number;
  /** Mean distance between served floors above the entrance, m (d_f). */
  floorDistance: number;
  /** Rise from the entrance to the first served floor above it, m (a tall lobby makes it > d_f). */
  firstRise: number;
  /** firstRise − d_f when positive: a tall lobby, or the unserved floors below an express zone, m. */
  expressDistance: number;
  /** The group's parking policy (the figures assume cars head for the entrance as soon as they are empty). */
  parking: ParkingPolicy;
  /** Barney / CIBSE Guide D, as in the textbook. */
  textbook: TextbookFigures;
  /** The engine's own stop, dwell and load rules (the same values as the top-level figures). */
  engine: RoundTripFigures;
}

/**
 * Passengers a car takes on board at most: ⌊loadingFactor × capacity⌋, at least 1. The same rule
 * as the engine's boarding limit, so the engine-consistent figures load cars as the simulator does.
 */
export function boardingLimit(capacity: number, loadingFactor: number): number {
  return Math.max(1, Math.floor(capacity * loadingFactor + 1e-9));
}

/**
 * One set of up-peak figures per car group. Conventions shared by both models:
 * - The group's entrance is the lowest entrance floor it serves (else its lowest floor); N and U count
 *   the served floors above it, and destinations are drawn in proportion to their populations (equal
 *   shares when nobody lives there, so the figures stay finite).
 * - Floors served below the entrance and per-car served floors are not modelled.
 *
 * Textbook (Barney / CIBSE Guide D): P = loadingFactor × CC (a fraction), car parameters are the
 * group's means, RTT = 2·H·t_v + (S+1)·t_s + 2·P·t_p + 2·express/v, where d_f is the mean distance
 * between consecutive served floors above the entrance and express = rise to the first of them − d_f
 * (a lobby taller than the typical floor, or the unserved floors below an express zone).
 *
 * Engine-consistent: what the simulator does in a saturated up-peak round trip, in expectation:
 * - each car leaves the entrance with P = ⌊loadingFactor × CC⌋ passengers; its doors stay open
 *   max(t_dwell, P·t_p) there and max(t_dwell, k·t_p) at a stop where k passengers alight
 *   (k binomial), each stop costs t_o + t_c + t_sd besides;
 * - flights are the jerk-limited flight times between consecutive stops, from the entrance to the
 *   first stop and from the highest stop back to the entrance, weighted by their probabilities;
 * - cars whose parameters differ are computed one by one: interval = 1 / Σ 1/RTT_car.
 */
export function upPeakCalc(building: Building): UpPeakFigures[] {
  return building.groups.map((group) => groupFigures(building, group));
}

/** Served floors above the group's entrance, their rises from it and their shares of the destinations. */
interface ZoneGeometry {
  /** Height of each floor above the entrance, m, for the served floors above it. */
  rises: number[];
  /** Share of the trips from the entrance going to each of those floors (sums to 1, or empty). */
  shares: number[];
  population: number;
  floorDistance: number;
  firstRise: number;
}

function zoneGeometry(building: Building, group: CarGroup): ZoneGeometry {
  const served = [...group.servedFloors].sort((a, b) => a - b);
  const entrance = served.find((f) => building.floors[f]?.entrance) ?? served[0]!;
  const above = served.filter((f) => f > entrance);
  const elevation = floorElevations(building);
  const rises = above.map((f) => elevation[f]! - elevation[entrance]!);
  const populations = above.map((f) => building.floors[f]!.population);
  const U = populations.reduce((s, u) => s + u, 0);
  const shares = U > 0 ? populations.map((u) => u / U) : populations.map(() => 1 / above.length);
  const N = rises.length;
  const firstRise = rises[0] ?? 0;
  const floorDistance = N >= 2 ? (rises[N - 1]! - firstRise) / (N - 1) : firstRise;
  return { rises, shares, population: U, floorDistance, firstRise };
}

function groupFigures(building: Building, group: CarGroup): UpPeakFigures {
  const zone = zoneGeometry(building, group);
  const L = group.cars.length;
  const capacity = group.cars.reduce((s, c) => s + c.capacity, 0) / L;
  const expressDistance = Math.max(0, zone.firstRise - zone.floorDistance);
  const textbook = textbookFigures(building, group, zone, expressDistance);
  const engine = engineFigures(building, group, zone);
  return {
    group: group.name,
    floorsAbove: zone.rises.length,
    population: zone.population,
    cars: L,
    capacity,
    floorDistance: zone.floorDistance,
    firstRise: zone.firstRise,
    expressDistance,
    parking: group.parking,
    ...engine,
    textbook,
    engine,
  };
}

/** Number of persons carried in 5 minutes as % of the zone's population (0 when nobody lives there). */
const percentOf = (persons: number, population: number) =>
  population > 0 ? (100 * persons) / population : 0;

const barneyAwt = (P: number, capacity: number, interval: number) =>
  (0.4 + (1.8 * (P / capacity) - 0.77) ** 2) * interval;

function textbookFigures(
  building: Building,
  group: CarGroup,
  zone: ZoneGeometry,
  expressDistance: number,
): TextbookFigures {
  const L = group.cars.length;
  const mean = (get: (c: Car) => number) => group.cars.reduce((s, c) => s + get(c), 0) / L;
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
  const { S, H } = stopsAndReversal(zone.shares, P);
  const df = zone.floorDistance;
  const expressJump = (2 * expressDistance) / motion.speed;
  const tv = df / motion.speed;
  const tf1 = flightTime(df, motion);
  const ts = tf1 - tv + to + tc + tsd;
  const flight = 2 * H * tv + (S + 1) * (tf1 - tv) + expressJump;
  const doors = (S + 1) * (to + tc);
  const startDelays = (S + 1) * tsd;
  const transfers = 2 * P * tp;
  const rtt = flight + doors + startDelays + transfers;
  const interval = rtt / L;
  const hc5Persons = (300 * P * L) / rtt;
  return {
    P,
    S,
    H,
    flight,
    doors,
    startDelays,
    transfers,
    rtt,
    interval,
    hc5Persons,
    hc5Percent: percentOf(hc5Persons, zone.population),
    awt: barneyAwt(P, capacity, interval),
    tv,
    tf1,
    ts,
    expressJump,
  };
}

/**
 * S = Σᵢ [1 − (1 − uᵢ)^P]; H = N − Σ_{i=1}^{N−1} (Σ_{k≤i} u_k)^P (Barney's N − Σ (i/N)^P for equal
 * populations).
 */
function stopsAndReversal(shares: readonly number[], P: number): { S: number; H: number } {
  const N = shares.length;
  const S = shares.reduce((s, share) => s + 1 - (1 - share) ** P, 0);
  let cumulative = 0;
  let H = N;
  for (let i = 0; i < N - 1; i++) H -= Math.min(1, (cumulative += shares[i]!)) ** P;
  return { S, H };
}

/** The parameters the engine-consistent round trip depends on, per car. */
interface CarModel {
  P: number;
  capacity: number;
  motion: MotionParams;
  to: number;
  tc: number;
  tsd: number;
  tp: number;
  dwell: number;
}

/** One car's expected round trip (the group figures combine the cars). */
type CarRoundTrip = Pick<
  RoundTripFigures,
  'P' | 'S' | 'H' | 'flight' | 'doors' | 'startDelays' | 'transfers' | 'rtt'
>;

function engineFigures(building: Building, group: CarGroup, zone: ZoneGeometry): RoundTripFigures {
  // Identical cars (the usual case) are computed once.
  const trips = new Map<string, { trip: CarRoundTrip; capacity: number; cars: number }>();
  for (const c of group.cars) {
    const model: CarModel = {
      P: boardingLimit(c.capacity, building.loadingFactor),
      capacity: c.capacity,
      motion: { speed: c.speed, acceleration: c.acceleration, jerk: c.jerk },
      to: c.doorOpenTime,
      tc: c.doorCloseTime,
      tsd: c.startDelay,
      tp: c.transferTime,
      dwell: c.doorDwellTime,
    };
    const key = JSON.stringify(model);
    const known = trips.get(key);
    if (known) known.cars++;
    else trips.set(key, { trip: engineRoundTrip(model, zone), capacity: c.capacity, cars: 1 });
  }
  // Departures per second of the whole group; every other figure is a mean per departure.
  let rate = 0;
  const sums = { P: 0, S: 0, H: 0, flight: 0, doors: 0, startDelays: 0, transfers: 0, load: 0 };
  for (const { trip, capacity, cars } of trips.values()) {
    const r = cars / trip.rtt;
    rate += r;
    sums.P += r * trip.P;
    sums.S += r * trip.S;
    sums.H += r * trip.H;
    sums.flight += r * trip.flight;
    sums.doors += r * trip.doors;
    sums.startDelays += r * trip.startDelays;
    sums.transfers += r * trip.transfers;
    sums.load += (r * trip.P) / capacity;
  }
  const interval = 1 / rate;
  const L = group.cars.length;
  const hc5Persons = 300 * sums.P;
  return {
    P: sums.P / rate,
    S: sums.S / rate,
    H: sums.H / rate,
    flight: sums.flight / rate,
    doors: sums.doors / rate,
    startDelays: sums.startDelays / rate,
    transfers: sums.transfers / rate,
    rtt: L * interval,
    interval,
    hc5Persons,
    hc5Percent: percentOf(hc5Persons, zone.population),
    // Barney's estimate with the mean load fraction of the departing cars.
    awt: barneyAwt(sums.load / rate, 1, interval),
  };
}

/**
 * Expected round trip of one car that leaves the entrance with P passengers whose destinations are
 * independent draws from `zone.shares`. With F(m) = (1 − m)^P the chance that nobody goes to floors
 * of total share m, the flight from stop i to stop j (nobody between them) has probability
 * F(w) − F(w + uᵢ) − F(w + uⱼ) + F(w + uᵢ + uⱼ), w the share strictly between them.
 */
function engineRoundTrip(car: CarModel, zone: ZoneGeometry): CarRoundTrip {
  const { P, motion } = car;
  const { rises, shares } = zone;
  const N = rises.length;
  const none = (m: number) => Math.max(0, 1 - m) ** P;
  const tf = (d: number) => flightTime(d, motion);
  const cumulative: number[] = [];
  shares.reduce((c, u, i) => (cumulative[i] = Math.min(1, c + u)), 0);
  const below = (j: number) => (j > 0 ? cumulative[j - 1]! : 0);

  let flight = 0;
  let transfers = Math.max(car.dwell, P * car.tp);
  for (let j = 0; j < N; j++) {
    const uj = shares[j]!;
    if (uj <= 0) continue;
    // First stop j: nobody below it, somebody to it; highest stop j: nobody above it, somebody to it.
    const first = none(below(j)) - none(below(j) + uj);
    const top = Math.min(1, cumulative[j]!) ** P - Math.min(1, below(j)) ** P;
    flight += (first + top) * tf(rises[j]!);
    for (let i = 0; i < j; i++) {
      const ui = shares[i]!;
      if (ui <= 0) continue;
      const w = Math.max(0, below(j) - cumulative[i]!);
      const consecutive = none(w) - none(w + ui) - none(w + uj) + none(w + ui + uj);
      if (consecutive > 0) flight += consecutive * tf(rises[j]! - rises[i]!);
    }
    transfers += expectedDwell(P, uj, car.dwell, car.tp);
  }
  const { S, H } = stopsAndReversal(shares, P);
  const doors = (S + 1) * (car.to + car.tc);
  const startDelays = (S + 1) * car.tsd;
  return { P, S, H, flight, doors, startDelays, transfers, rtt: flight + doors + startDelays + transfers };
}

/** E[max(dwell, K·tp); K > 0] for K ~ Binomial(P, u): the open-door time at one floor. */
function expectedDwell(P: number, u: number, dwell: number, tp: number): number {
  if (u >= 1) return Math.max(dwell, P * tp);
  // In logs, so that no term underflows: ln C(P, k) grows by ln(P − k + 1) − ln k.
  const lu = Math.log(u);
  const lv = Math.log1p(-u);
  let logChoose = 0;
  let sum = 0;
  for (let k = 1; k <= P; k++) {
    logChoose += Math.log(P - k + 1) - Math.log(k);
    sum += Math.exp(logChoose + k * lu + (P - k) * lv) * Math.max(dwell, k * tp);
  }
  return sum;
}

/** Height of each floor above floor 0, m. */
function floorElevations(building: Building): number[] {
  const out = [0];
  for (let i = 1; i < building.floors.length; i++) out.push(out[i - 1]! + building.floors[i - 1]!.height);
  return out;
}
