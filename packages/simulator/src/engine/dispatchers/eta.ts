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

/**
 * What a car's later availability costs the passengers not yet on its plan, per second of delay:
 * each car owes the people waiting in the group its share (1/L), counting half of them (others may
 * serve them first) and everyone queued at the lobby in full (only a returning car serves them, and
 * a delayed return is what makes a busy up-peak saturate).
 */
export function congestionWeight(ctx: DecisionContext): number {
  return (ctx.waiting / 2 + ctx.waitingAtLobby) / ctx.groupInfo.carCount;
}

/**
 * Least cost (ETA): the call goes to the car that minimises the added waiting and riding time of
 * everyone it affects: the new call, the passengers already on the car's plan, and (through the
 * time the call adds to the car's whole plan) the passengers waiting elsewhere who need a car soon.
 */
export function createEtaDispatcher(ridingWeight = 0.5): Dispatcher {
  return {
    name: 'eta',
    choose(ctx: DecisionContext): number {
      const weight = congestionWeight(ctx);
      // Cars that cannot beat the best so far are not planned (the choice is argMin's, exactly):
      // the congestion term is ≥ 0 too, so the ETA bound still bounds the whole cost.
      return argMinBounded(
        ctx.candidates,
        (c) => etaCostBound(c, ridingWeight),
        (c) => {
          const est = c.estimate();
          return etaCost(est, ridingWeight) + weight * est.addedBusy;
        },
      );
    },
  };
}
