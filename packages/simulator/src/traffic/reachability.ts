import type { Building } from '@hoistway/shared-types';

/**
 * Which trips a building can carry without a transfer: `servable[o][d]` is true when at least one car
 * stops at both floors (a car's own served floors, else its group's). Zoned towers make most
 * cross-zone trips unservable; traffic generators only produce servable trips.
 */
export function servableTrips(building: Building): boolean[][] {
  const n = building.floors.length;
  const servable = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const group of building.groups) {
    for (const car of group.cars) {
      const floors = (car.servedFloors ?? group.servedFloors).filter((f) => f < n);
      for (const o of floors) for (const d of floors) if (o !== d) servable[o]![d] = true;
    }
  }
  return servable;
}

export function entranceFloors(building: Building): number[] {
  return building.floors.flatMap((f, i) => (f.entrance ? [i] : []));
}

export function totalPopulation(building: Building): number {
  return building.floors.reduce((sum, f) => sum + f.population, 0);
}
