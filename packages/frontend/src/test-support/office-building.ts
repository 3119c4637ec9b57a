import { buildingSchema, type Building } from '@hoistway/shared-types';

/**
 * A 10-floor office (lobby + 9 floors of 90 people, one group of four 13-person cars at 1.6 m/s), built
 * here because the web app may import only the simulator's browser entry, not its example files.
 */
export function officeBuilding(): Building {
  const car = (id: string) => ({
    id,
    capacity: 13,
    speed: 1.6,
    acceleration: 1.0,
    jerk: 1.5,
    doorOpenTime: 1.8,
    doorCloseTime: 2.9,
    doorDwellTime: 2.0,
    startDelay: 0.5,
    transferTime: 1.1,
    homeFloor: 0,
  });
  return buildingSchema.parse({
    name: 'Office 10 (4 × 13 persons, 1.6 m/s)',
    floors: Array.from({ length: 10 }, (_, i) => ({
      name: i === 0 ? 'G' : String(i),
      height: i === 0 ? 4.5 : 3.6,
      population: i === 0 ? 0 : 90,
      entrance: i === 0,
    })),
    groups: [
      {
        name: 'Main',
        servedFloors: Array.from({ length: 10 }, (_, i) => i),
        cars: ['A1', 'A2', 'A3', 'A4'].map(car),
      },
    ],
  });
}
