import type { CarView, DecisionContext, Dispatcher } from '../types.js';
import { argMin } from './pick.js';

/**
 * Floors a car travels before reaching a call under collective rules: straight there if the call is
 * ahead in the car's direction and wants that direction, else via the end of its sweep (and back).
 * No stop times and no effect on other passengers: the classic "first car to arrive" rule.
 */
export function collectiveDistance(car: CarView, floor: number, direction: 'up' | 'down'): number {
  // A full car bypasses calls until it has unloaded: count it as a full sweep away.
  const full = car.load >= car.boardLimit ? 1000 : 0;
  return full + sweepDistance(car, floor, direction);
}

function sweepDistance(car: CarView, floor: number, direction: 'up' | 'down'): number {
  const p = car.stopFloor;
  if (car.free || car.direction === 'idle') return Math.abs(p - floor);
  if (car.direction === 'up') {
    if (direction === 'up' && floor >= p) return floor - p;
    const top = Math.max(car.highestDemand, p, direction === 'down' ? floor : p);
    if (direction === 'down') return top - p + (top - floor);
    const bottom = Math.min(car.lowestDemand, floor);
    return top - p + (top - bottom) + (floor - bottom);
  }
  if (direction === 'down' && floor <= p) return p - floor;
  const bottom = Math.min(car.lowestDemand, p, direction === 'up' ? floor : p);
  if (direction === 'up') return p - bottom + (floor - bottom);
  const top = Math.max(car.highestDemand, floor);
  return p - bottom + (top - bottom) + (top - floor);
}

/** Collective control: the call goes to the car that would reach it first travelling collectively. */
export function createCollectiveDispatcher(): Dispatcher {
  return {
    name: 'collective',
    choose(ctx: DecisionContext): number {
      return argMin(ctx.candidates, (c) => collectiveDistance(c.car, ctx.call.floor, ctx.call.direction));
    },
  };
}
