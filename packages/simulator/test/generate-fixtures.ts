import { buildingSchema, type Building, type Traffic } from '@hoistway/shared-types';
import type { TrainingSample } from '../src/training/sample.js';
import { defaultExploration, type GenerationSettings } from '../src/training/settings.js';

/** Ten floors, one group of three cars: small enough for fast episodes, busy enough for real choices. */
export const smallBuilding: Building = buildingSchema.parse({
  name: 'Gen Test Tower',
  floors: Array.from({ length: 10 }, (_, i) => ({
    name: i === 0 ? 'G' : String(i),
    height: i === 0 ? 4.5 : 3.5,
    population: i === 0 ? 0 : 60,
    entrance: i === 0,
  })),
  groups: [
    {
      name: 'A',
      servedFloors: Array.from({ length: 10 }, (_, i) => i),
      cars: [0, 1, 2].map((k) => ({
        id: `A${k + 1}`,
        capacity: 13,
        speed: 2.5,
        acceleration: 1,
        jerk: 1.5,
        homeFloor: 0,
      })),
    },
  ],
});

export const lunchTraffic: Traffic = { kind: 'template', template: 'lunch', intensity: 15 };

export function settings(overrides: Partial<GenerationSettings> = {}): GenerationSettings {
  return {
    seed: 7,
    episodes: 3,
    duration: 600,
    drainTime: 300,
    exploration: defaultExploration,
    ...overrides,
  };
}

/** Synthetic rows for writer tests: `decisions` decisions × `candidates` cars, first car chosen. */
export function syntheticSamples(episode: number, decisions: number, candidates: number): TrainingSample[] {
  const out: TrainingSample[] = [];
  for (let d = 0; d < decisions; d++)
    for (let c = 0; c < candidates; c++)
      out.push({
        episode,
        decision: d,
        simTime: d * 1.25,
        candidate: c,
        carId: `A${c + 1}`,
        features: [d, c, 0.5, -1.5, 0, 1, 0, 2, 3.25, 4, 1.5, 2.5, 3],
        chosen: c === 0,
        policy: d % 2 === 0 ? 'eta' : 'random',
        waitTime: d % 3 === 0 ? null : 10 + d,
        rideTime: d % 3 === 0 ? null : 20 + d,
        passengers: d % 3 === 0 ? 0 : 1,
        cost: c === 0 && d % 3 === 0 ? null : 30 + d + c,
      });
  return out;
}
