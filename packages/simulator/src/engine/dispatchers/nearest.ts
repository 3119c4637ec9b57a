import type { CarView, DecisionContext, Dispatcher } from '../types.js';
import { argMin } from './pick.js';

/**
 * Strakosch's figure of suitability (higher is better), with N = floors − 1 and d the distance in floors:
 * moving toward the call in its direction N + 2 − d; toward it in the other direction, or idle, N + 1 − d;
 * moving away 1.
 */
export function figureOfSuitability(
  car: CarView,
  floor: number,
  direction: 'up' | 'down',
  floorCount: number,
): number {
  const n = floorCount - 1;
  const p = car.stopFloor;
  const d = Math.abs(p - floor);
  if (car.free || car.direction === 'idle') return n + 1 - d;
  // A full car cannot take the call now: as unsuitable as one moving away.
  const toward = car.direction === 'up' ? floor >= p : floor <= p;
  if (!toward || car.load >= car.boardLimit) return 1;
  return car.direction === direction ? n + 2 - d : n + 1 - d;
}

/** Nearest car: each hall call goes to the car with the best figure of suitability (ties: the closer car). */
export function createNearestDispatcher(): Dispatcher {
  return {
    name: 'nearest',
    choose(ctx: DecisionContext): number {
      const { floor, direction } = ctx.call;
      const floors = ctx.groupInfo.floorCount;
      // Lexicographic: FS first (negated, as argMin minimises), distance as the tie-breaker.
      return argMin(
        ctx.candidates,
        (c) => -figureOfSuitability(c.car, floor, direction, floors) * 1000 + Math.abs(c.car.floor - floor),
      );
    },
  };
}
