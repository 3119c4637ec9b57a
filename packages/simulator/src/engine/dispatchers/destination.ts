import type { DecisionContext, Dispatcher } from '../types.js';
import { etaCost, etaCostBound } from './eta.js';
import { argMinBounded } from './pick.js';

/** Cost of each stop the allocation adds, s: the car time it takes from everybody else later. */
export const ADDED_STOP_COST = 5;

/**
 * Destination dispatch: the passenger is allocated at the landing, knowing the destination. The cost is
 * the least-cost (ETA) figure plus the new passenger's own ride plus a charge per added stop, so cars
 * that already stop at both floors (same-destination passengers) come out cheapest: passengers get grouped.
 */
export function createDestinationDispatcher(ridingWeight = 0.5): Dispatcher {
  return {
    name: 'destination',
    destinationControl: true,
    choose(ctx: DecisionContext): number {
      // The terms added to the least cost are ≥ 0 (a ride never ends before it starts), so its bound holds.
      return argMinBounded(
        ctx.candidates,
        (c) => etaCostBound(c, ridingWeight),
        (c) => {
          const est = c.estimate();
          // A car whose allocations already fill it would leave the passenger behind.
          const full = c.car.load >= c.car.boardLimit ? 60 : 0;
          return (
            etaCost(est, ridingWeight) + ridingWeight * est.newRide + ADDED_STOP_COST * est.addedStops + full
          );
        },
      );
    },
  };
}
