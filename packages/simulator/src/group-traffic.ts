/**
 * Which car groups can receive no passengers at all: a group that serves no trip of the traffic, or
 * whose every trip goes to other groups by the group-choice rule. Such a group is not an error (a
 * building may be drawn before its traffic is known), but its cars idle and its handling capacity
 * is not capacity the building has. Pure and browser-safe: the CLI and the building editor both use it.
 */
import type { Building, CarGroup, Traffic } from '@hoistway/shared-types';
import { ratePlan, templateTripRates } from './traffic/rate-plan.js';

export type NoTrafficReason =
  /** Fewer than two served floors with population or an entrance: no trip can use it. */
  | 'too-few-floors'
  /** No trip of the traffic (or of any traffic the building's floors allow) runs between its floors. */
  | 'no-trips'
  /** Every trip it serves is served by another group too, and its trafficShare is 0. */
  | 'share-zero'
  /** As `share-zero`, but every group serving those trips has trafficShare 0. */
  | 'all-shares-zero'
  /** Every trip it serves goes to other groups: their trafficShares take it all. */
  | 'taken-by-others';

export interface GroupWithoutTraffic {
  /** Index in `building.groups`. */
  index: number;
  name: string;
  reason: NoTrafficReason;
  /** One sentence for people, e.g. `serves fewer than two floors with population or an entrance`. */
  message: string;
}

/**
 * Groups of `building` that can receive no traffic, in group order. Trips are those of `traffic`
 * when given, else every trip the floors allow (entrance ↔ populated floor, populated ↔ populated).
 *
 * Group choice, for a trip more than one group serves (a group serves a trip when one of its cars
 * serves both floors): a group with a `trafficShare` gets that share of it; groups without one
 * share what is left, each passenger choosing the one with the shorter expected wait at that moment
 * (interval and queue, so a slower group still gets the trips its faster rival is too busy for).
 * A trip only one group serves always uses that group.
 *
 * Never throws: floors outside the building and trips no group serves are ignored (the traffic
 * checks report those).
 */
export function groupsWithoutTraffic(building: Building, traffic?: Traffic): GroupWithoutTraffic[] {
  const n = building.floors.length;
  const servesTrip = building.groups.map((g) => tripMatrix(g, n));
  const trips = tripsOf(building, traffic).filter(
    ([o, d]) => o !== d && o >= 0 && d >= 0 && o < n && d < n && servesTrip.some((m) => m[o * n + d] === 1),
  );
  const out: GroupWithoutTraffic[] = [];
  building.groups.forEach((group, gi) => {
    const add = (reason: NoTrafficReason, message: string) =>
      out.push({ index: gi, name: group.name, reason, message });
    const endpoints = group.servedFloors.filter((f) => {
      const floor = building.floors[f];
      return floor !== undefined && (floor.entrance || floor.population > 0);
    }).length;
    if (endpoints === 0)
      return add('too-few-floors', 'serves only floors with no population and no entrance');
    if (endpoints < 2)
      return add('too-few-floors', 'serves fewer than two floors with population or an entrance');
    const own = trips.filter(([o, d]) => servesTrip[gi]![o * n + d] === 1);
    if (own.length === 0)
      return add(
        'no-trips',
        traffic
          ? 'no trip of the traffic runs between the floors it serves'
          : 'no passenger trip runs between the floors it serves (trips join an entrance or a populated floor to a populated floor)',
      );
    const rivals = new Set<number>();
    let receives = false;
    let everyShareZero = true;
    for (const [o, d] of own) {
      const serving = building.groups.flatMap((_, k) => (servesTrip[k]![o * n + d] === 1 ? [k] : []));
      if (serving.length === 1) {
        receives = true;
        break;
      }
      for (const k of serving) if (k !== gi) rivals.add(k);
      const stated = serving.filter((k) => building.groups[k]!.trafficShare !== undefined);
      const statedSum = stated.reduce((s, k) => s + building.groups[k]!.trafficShare!, 0);
      if (statedSum > 0 || stated.length < serving.length) everyShareZero = false;
      const share = group.trafficShare;
      if (share !== undefined) {
        if (share > 0) {
          receives = true;
          break;
        }
        continue;
      }
      // No share of its own: the unstated groups share the rest, by the shorter expected wait.
      if (statedSum >= 1) {
        continue;
      }
      receives = true;
      break;
    }
    if (receives) return;
    const names = [...rivals].map((k) => `"${building.groups[k]!.name}"`).join(', ');
    if (group.trafficShare !== undefined) {
      if (everyShareZero)
        return add(
          'all-shares-zero',
          `every group serving its trips (${names} too) has trafficShare 0, so no group is given them`,
        );
      return add('share-zero', `its trafficShare is 0 and every trip it serves is also served by ${names}`);
    }
    const why = `the trafficShares of ${names} add up to 100 %`;
    return add(
      'taken-by-others',
      `every trip it serves is also served by ${names} and goes there: ${why}; give it a trafficShare to use it`,
    );
  });
  return out;
}

/** `m[o·n + d]` is 1 when one of the group's cars serves both floors. */
function tripMatrix(group: CarGroup, n: number): Uint8Array {
  const m = new Uint8Array(n * n);
  for (const car of group.cars) {
    const floors = (car.servedFloors ?? group.servedFloors).filter(
      (f) => Number.isInteger(f) && f >= 0 && f < n,
    );
    for (const o of floors) for (const d of floors) if (o !== d) m[o * n + d] = 1;
  }
  return m;
}

/** Distinct (origin, destination) pairs with passengers. */
function tripsOf(building: Building, traffic: Traffic | undefined): [number, number][] {
  const pairs = new Map<string, [number, number]>();
  const add = (o: number, d: number) => pairs.set(`${o}:${d}`, [o, d]);
  if (!traffic) {
    // Every kind of the template model, so every trip the floors allow.
    const mix = { incoming: 1, outgoing: 1, interfloor: 1 };
    for (const t of templateTripRates(building, 100, mix)) add(t.origin, t.destination);
  } else if (traffic.kind === 'passengers') {
    for (const p of traffic.passengers) if (p.count > 0) add(p.origin, p.destination);
  } else if (traffic.kind === 'od') {
    // Directly from the periods: a repeating plan has no end to expand it to.
    for (const period of traffic.periods)
      period.rates.forEach((rate, o) => {
        if (rate > 0) period.matrix[o]?.forEach((p, d) => p > 0 && add(o, d));
      });
  } else {
    for (const segment of ratePlan(building, traffic, Number.POSITIVE_INFINITY))
      for (const t of segment.trips) if (t.rate > 0) add(t.origin, t.destination);
  }
  return [...pairs.values()];
}
