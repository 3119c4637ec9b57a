import type { CandidateCar, DecisionContext, Dispatcher, InsertionEstimate } from '../types.js';
import { argMinBounded } from './pick.js';

/** Least cost: this call's ETA + added waiting of the car's passengers + ridingWeight × their added riding time. */
export function etaCost(est: InsertionEstimate, ridingWeight: number): number {
  return est.eta + est.addedWait + ridingWeight * est.addedRide;
}

/**
 * Lower bound of a candidate's least cost: its ETA bound, as every other term is ≥ 0 for a
 * non-negative weight (null: no bound, estimate it).
 */
export function etaCostBound(c: CandidateCar, ridingWeight: number): number | null {
  return ridingWeight >= 0 && c.etaLowerBound ? c.etaLowerBound() : null;
}

export function createEtaDispatcher(ridingWeight = 0.5): Dispatcher {
  return {
    name: 'eta',
    choose(ctx: DecisionContext): number {
      // Cars that cannot beat the best so far are not planned (the choice is argMin's, exactly).
      return argMinBounded(
        ctx.candidates,
        (c) => etaCostBound(c, ridingWeight),
        (c) => etaCost(c.estimate(), ridingWeight),
      );
    },
  };
}
