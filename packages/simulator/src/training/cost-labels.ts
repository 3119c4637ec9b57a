/**
 * The measured cost of each candidate of each decision, the learned dispatcher's training target.
 *
 * For a decision at time t and a candidate car c, count the passenger time on car c within the
 * horizon [t, t + H]: each waiting second counts 1, each riding second `ridingWeight`.
 * - Every candidate row counts the passengers already in the system at t (arrived by t) whose trip
 *   is on car c (they boarded it, or it holds their call), other than the decision's own passengers.
 *   For the chosen car this includes the delay the new call added to them; for the others it is what
 *   they would have had anyway.
 * - The chosen row adds the decision's own passengers (the call's, including later arrivals who
 *   joined it). A chosen row whose decision served nobody (its call was reallocated, or another car
 *   answered it in front) has no cost: null, left out of training.
 * A model f(features, chosen) fitted to these rows estimates both cases, and the difference
 * f(x, 1) − f(x, 0) is the cost the choice adds, to the caller and to everyone else on that car.
 * Passengers still waiting (or riding) at the end of the episode count up to the end (censored).
 */
import type { PassengerRecord } from '@hoistway/shared-types';
import type { DecisionRecord } from '../engine/types.js';

export interface CostLabelSettings {
  /** Passenger time counted after each decision, s. */
  horizon: number;
  /** Weight of a riding second relative to a waiting second. */
  ridingWeight: number;
}

export const defaultCostLabels: CostLabelSettings = { horizon: 240, ridingWeight: 0.5 };

interface Trip {
  arrival: number;
  /** Time the wait ended (doors opened for boarding), or the end of the episode. */
  waitEnd: number;
  /** Time the ride ended, or the end; equal to waitEnd if never boarded. */
  rideEnd: number;
  decision: number;
}

const overlap = (a: number, b: number, from: number, to: number) =>
  Math.max(0, Math.min(b, to) - Math.max(a, from));

function tripTime(trip: Trip, from: number, to: number, rho: number): number {
  return overlap(trip.arrival, trip.waitEnd, from, to) + rho * overlap(trip.waitEnd, trip.rideEnd, from, to);
}

/**
 * Costs per decision and candidate (same shape as `decisions[d].candidates`), from the passengers'
 * records and the decision responsible for each (aligned arrays).
 */
export function candidateCosts(
  records: readonly PassengerRecord[],
  responsible: readonly (number | null)[],
  decisions: readonly DecisionRecord[],
  endTime: number,
  settings: CostLabelSettings = defaultCostLabels,
): (number | null)[][] {
  const rho = settings.ridingWeight;
  const byCar = new Map<string, Trip[]>();
  const byDecision: Trip[][] = decisions.map(() => []);
  records.forEach((p, i) => {
    const d = responsible[i] ?? null;
    const validDecision = d !== null && d >= 0 && d < decisions.length;
    const decision = validDecision ? decisions[d]! : null;
    const car = p.car ?? (decision ? (decision.candidates[decision.chosen]?.carId ?? null) : null);
    const waitEnd = p.boardDoorOpen ?? endTime;
    const rideEnd = p.boardDoorOpen === null ? waitEnd : (p.alightDoorOpen ?? endTime);
    const trip: Trip = { arrival: p.arrival, waitEnd, rideEnd, decision: validDecision ? d : -1 };
    if (validDecision) byDecision[d]!.push(trip);
    if (car === null) return;
    let list = byCar.get(car);
    if (!list) byCar.set(car, (list = []));
    list.push(trip);
  });
  for (const list of byCar.values()) list.sort((a, b) => a.arrival - b.arrival);

  return decisions.map((dec) => {
    const t = dec.time;
    const to = t + settings.horizon;
    const own = byDecision[dec.id] ?? [];
    let ownCost = 0;
    for (const trip of own) ownCost += tripTime(trip, t, to, rho);
    return dec.candidates.map((cand, index) => {
      let cost = 0;
      for (const trip of byCar.get(cand.carId) ?? []) {
        if (trip.arrival > t) break;
        if (trip.decision === dec.id || trip.rideEnd <= t) continue;
        cost += tripTime(trip, t, to, rho);
      }
      if (index !== dec.chosen) return cost;
      return own.length > 0 ? cost + ownCost : null;
    });
  });
}
