import type { Building, PassengerListTraffic, Traffic } from '@hoistway/shared-types';
import type { PassengerArrival } from './arrival.js';
import { checkTrafficForBuilding } from './check.js';
import { TrafficInputError } from './errors.js';
import { createTrafficRandom, cumulativeSums } from './random.js';
import { ratePlan } from './rate-plan.js';

export interface GenerateOptions {
  seed: number;
  /** Arrivals are generated for times in [0, duration), s. */
  duration: number;
}

/**
 * The passengers of a run, sorted by time with ids 0..n-1 in that order. Template and OD traffic are
 * Poisson processes drawn from `seed` (same inputs ⇒ same passengers); passenger lists are taken as
 * given with `count` rows expanded. Throws TrafficInputError when the traffic does not fit the building.
 */
export function generateArrivals(
  building: Building,
  traffic: Traffic,
  opts: GenerateOptions,
): PassengerArrival[] {
  if (!(opts.duration >= 0) || !Number.isFinite(opts.duration))
    throw new TrafficInputError([{ path: 'duration', message: 'must be a finite number >= 0' }]);
  const issues = checkTrafficForBuilding(building, traffic);
  if (issues.length > 0) throw new TrafficInputError(issues);
  const trips =
    traffic.kind === 'passengers'
      ? listedTrips(traffic, opts.duration)
      : poissonTrips(building, traffic, opts);
  return trips.map((t, id) => ({ id, ...t }));
}

type Trip = Omit<PassengerArrival, 'id'>;

function listedTrips(traffic: PassengerListTraffic, duration: number): Trip[] {
  const trips: Trip[] = [];
  for (const p of traffic.passengers) {
    if (p.time >= duration) continue;
    for (let k = 0; k < p.count; k++)
      trips.push({ time: p.time, origin: p.origin, destination: p.destination });
  }
  // Array.prototype.sort is stable: rows with equal times keep the order they were listed in.
  return trips.sort((a, b) => a.time - b.time);
}

function poissonTrips(
  building: Building,
  traffic: Exclude<Traffic, PassengerListTraffic>,
  opts: GenerateOptions,
): Trip[] {
  const random = createTrafficRandom(opts.seed);
  const trips: Trip[] = [];
  for (const segment of ratePlan(building, traffic, opts.duration)) {
    const cumulative = cumulativeSums(segment.trips.map((t) => t.rate));
    const totalRate = cumulative[cumulative.length - 1] ?? 0;
    if (totalRate <= 0) continue;
    // Inter-arrival times are memoryless, so restarting the clock at each segment boundary is exact.
    for (
      let time = segment.start + random.exponential(totalRate);
      time < segment.end;
      time += random.exponential(totalRate)
    ) {
      const trip = segment.trips[random.pickCumulative(cumulative)]!;
      trips.push({ time, origin: trip.origin, destination: trip.destination });
    }
  }
  return trips;
}
