/**
 * Where passengers picked up by a conventional hall call are expected to go. The controller does
 * not know their destinations until they board, so the route planner assumes:
 * - a trip down heads for the main entrance (the common case in offices);
 * - b passengers boarding upwards at floor f press the car calls of ≈ S distinct floors above f,
 *   S = Σᵢ [1 − (1 − Uᵢ/U)^b] with Uᵢ the population of each floor the car serves above f (the
 *   expected-stops formula of the up-peak calculation), placed where those stops are most likely.
 * Without this, a car about to load at the lobby looks free right after it, and least cost gives it
 * calls it will only reach after a full round trip.
 */
import type { Building } from '@hoistway/shared-types';
import type { CarState } from './model.js';

export class ExpectedDestinations {
  private readonly population: Float64Array;
  private readonly cache = new Map<string, Int32Array>();

  constructor(building: Building) {
    this.population = Float64Array.from(building.floors, (f) => f.population);
  }

  /** Expected car-call floors of `boarders` passengers boarding `car` upwards at `floor`. */
  upwards(car: CarState, floor: number, boarders: number): Int32Array {
    const b = Math.max(1, Math.min(Math.round(boarders), car.boardLimit));
    const key = `${car.index}|${floor}|${b}`;
    let floors = this.cache.get(key);
    if (!floors) {
      floors = this.compute(car.serves, floor, b);
      this.cache.set(key, floors);
    }
    return floors;
  }

  private compute(serves: Uint8Array, floor: number, b: number): Int32Array {
    const n = serves.length;
    let total = 0;
    for (let g = floor + 1; g < n; g++) if (serves[g] === 1) total += this.population[g]!;
    const out: number[] = [];
    if (total <= 0) {
      for (let g = floor + 1; g < n; g++) if (serves[g] === 1) return Int32Array.of(g);
      return new Int32Array(0);
    }
    // Walk up accumulating each floor's stop probability; a stop lands where the sum crosses k + ½.
    let expected = 0;
    let next = 0.5;
    let top = -1;
    for (let g = floor + 1; g < n; g++) {
      if (serves[g] !== 1 || this.population[g]! <= 0) continue;
      expected += 1 - (1 - this.population[g]! / total) ** b;
      top = g;
      if (expected >= next) {
        out.push(g);
        next += 1;
      }
    }
    if (out.length === 0 && top >= 0) out.push(top);
    return Int32Array.from(out);
  }
}
