import type { BuildingInput } from '@hoistway/shared-types';

/** A small office: lobby + 6 floors of 80 people, one group of 3 cars. */
export function officeBuilding(name = 'Test office'): BuildingInput {
  return {
    name,
    floors: [
      { name: 'G', height: 4.5, population: 0, entrance: true },
      ...[1, 2, 3, 4, 5, 6].map((k) => ({ name: String(k), height: 3.6, population: 80 })),
    ],
    groups: [
      {
        name: 'A',
        servedFloors: [0, 1, 2, 3, 4, 5, 6],
        cars: [1, 2, 3].map((k) => ({
          id: `A${k}`,
          capacity: 13,
          speed: 1.6,
          acceleration: 1,
          jerk: 1.5,
          homeFloor: 0,
        })),
      },
    ],
  };
}
