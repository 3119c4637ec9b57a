import type { DecisionContext, Dispatcher } from '../types.js';
import { etaCost } from './eta.js';
import { argMin } from './pick.js';

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
      return argMin(ctx.candidates, (c) => {
        const est = c.estimate();
        // A car whose allocations already fill it would leave the passenger behind.
        const full = c.car.load >= c.car.boardLimit ? 60 : 0;
        return (
          etaCost(est, ridingWeight) + ridingWeight * est.newRide + ADDED_STOP_COST * est.addedStops + full
        );
      });
    },
  };
}
