import type { Building, OdTraffic, TemplateTraffic, TrafficMix } from '@hoistway/shared-types';
import { templateMixes } from '@hoistway/shared-types';
import { DAILY_PROFILE } from './daily-profile.js';
import { entranceFloors, servableTrips, totalPopulation } from './reachability.js';

export type TripKind = 'incoming' | 'outgoing' | 'interfloor';
export const tripKinds: readonly TripKind[] = ['incoming', 'outgoing', 'interfloor'];

/** A Poisson stream of passengers from one floor to another. */
export interface TripRate {
  origin: number;
  destination: number;
  /** Persons per second. */
  rate: number;
  kind: TripKind;
}

/** Rates are constant over [start, end). */
export interface RateSegment {
  start: number;
  end: number;
  trips: TripRate[];
}

/**
 * Template and OD traffic as piecewise-constant trip rates over [0, duration): the single model behind
 * both the arrival generator and the rate preview, so the two cannot disagree.
 */
export function ratePlan(
  building: Building,
  traffic: TemplateTraffic | OdTraffic,
  duration: number,
): RateSegment[] {
  if (traffic.kind === 'od') return odPlan(building, traffic, duration);
  if (traffic.template === 'daily') {
    return DAILY_PROFILE.filter((p) => p.start < duration).map((p) => ({
      start: p.start,
      end: Math.min(p.end, duration),
      trips: templateTripRates(building, traffic.intensity * p.level, p.mix),
    }));
  }
  const mix = traffic.mix ?? templateMixes[traffic.template];
  return [{ start: 0, end: duration, trips: templateTripRates(building, traffic.intensity, mix) }];
}

/** Entrance → non-entrance is incoming, non-entrance → entrance outgoing, anything else interfloor. */
export function tripKind(building: Building, origin: number, destination: number): TripKind {
  const fromEntrance = building.floors[origin]?.entrance ?? false;
  const toEntrance = building.floors[destination]?.entrance ?? false;
  if (fromEntrance && !toEntrance) return 'incoming';
  if (toEntrance && !fromEntrance) return 'outgoing';
  return 'interfloor';
}

function odPlan(building: Building, traffic: OdTraffic, duration: number): RateSegment[] {
  const perPeriod = traffic.periods.map((period) => {
    const trips: TripRate[] = [];
    period.rates.forEach((perFiveMinutes, origin) => {
      if (perFiveMinutes <= 0) return;
      (period.matrix[origin] ?? []).forEach((p, destination) => {
        if (p > 0 && destination !== origin)
          trips.push({
            origin,
            destination,
            rate: (perFiveMinutes / 300) * p,
            kind: tripKind(building, origin, destination),
          });
      });
    });
    return trips;
  });
  const segments: RateSegment[] = [];
  let start = 0;
  do {
    for (const [k, period] of traffic.periods.entries()) {
      if (start >= duration) break;
      const end = Math.min(start + period.duration, duration);
      segments.push({ start, end, trips: perPeriod[k]! });
      start = end;
    }
  } while (traffic.repeat && start < duration);
  return segments;
}

/**
 * Trip rates for a total of `intensity` % of the building population per 5 minutes, split by `mix`:
 * - incoming: split equally among the entrance floors (that can reach a populated floor); destination
 *   ∝ population among the non-entrance floors reachable from that entrance;
 * - outgoing: origin ∝ population among non-entrance floors; split equally among the entrance floors
 *   reachable from the origin;
 * - interfloor: origin ∝ population, destination ∝ population among the other reachable non-entrance floors.
 * "Reachable" means some car serves both floors (zoning). A share the building cannot carry at all
 * (e.g. interfloor with a single occupied floor) is given to the other shares in proportion, so the
 * total stays at `intensity`.
 */
export function templateTripRates(building: Building, intensity: number, mix: TrafficMix): TripRate[] {
  const servable = servableTrips(building);
  const pop = building.floors.map((f) => f.population);
  const entrances = entranceFloors(building);
  const occupied = building.floors.flatMap((f, i) => (!f.entrance && f.population > 0 ? [i] : []));

  // Each kind as unnormalised weights per trip; normalised to its share below.
  const weighted: Record<TripKind, { origin: number; destination: number; weight: number }[]> = {
    incoming: [],
    outgoing: [],
    interfloor: [],
  };
  const servingEntrances = entrances.filter((e) => occupied.some((d) => servable[e]![d]));
  for (const e of servingEntrances) {
    const reachable = occupied.filter((d) => servable[e]![d]);
    const sum = reachable.reduce((s, d) => s + pop[d]!, 0);
    for (const d of reachable) weighted.incoming.push({ origin: e, destination: d, weight: pop[d]! / sum });
  }
  for (const o of occupied) {
    const exits = entrances.filter((e) => servable[o]![e]);
    for (const e of exits)
      weighted.outgoing.push({ origin: o, destination: e, weight: pop[o]! / exits.length });
    const others = occupied.filter((d) => d !== o && servable[o]![d]);
    const sum = others.reduce((s, d) => s + pop[d]!, 0);
    for (const d of others)
      weighted.interfloor.push({ origin: o, destination: d, weight: (pop[o]! * pop[d]!) / sum });
  }

  const carried = tripKinds.filter((k) => weighted[k].length > 0);
  const carriedShare = carried.reduce((s, k) => s + mix[k], 0);
  if (carriedShare <= 0) return [];
  const totalRate = ((intensity / 100) * totalPopulation(building)) / 300;
  const trips: TripRate[] = [];
  for (const kind of carried) {
    const kindRate = (totalRate * mix[kind]) / carriedShare;
    const weightSum = weighted[kind].reduce((s, t) => s + t.weight, 0);
    for (const t of weighted[kind]) {
      const rate = (kindRate * t.weight) / weightSum;
      if (rate > 0) trips.push({ origin: t.origin, destination: t.destination, rate, kind });
    }
  }
  return trips;
}
