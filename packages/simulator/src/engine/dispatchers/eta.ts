import type { DecisionContext, Dispatcher, InsertionEstimate } from '../types.js';
import { argMin } from './pick.js';

/** Least cost: this call's ETA + added waiting of the car's passengers + ridingWeight × their added riding time. */
export function etaCost(est: InsertionEstimate, ridingWeight: number): number {
  return est.eta + est.addedWait + ridingWeight * est.addedRide;
}

export function createEtaDispatcher(ridingWeight = 0.5): Dispatcher {
  return {
    name: 'eta',
    choose(ctx: DecisionContext): number {
      return argMin(ctx.candidates, (c) => etaCost(c.estimate(), ridingWeight));
    },
  };
}
