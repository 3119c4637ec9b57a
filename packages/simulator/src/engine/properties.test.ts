import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dispatcherNames, parkingPolicies } from '@hoistway/shared-types';
import type { PassengerArrival } from '../traffic/arrival.js';
import { testBuilding, testConfig } from './fixtures.js';
import { checkInvariants } from './invariants.js';
import { Simulation } from './simulation.js';
import type { SimEvent } from './types.js';

const scenario = fc.record({
  floors: fc.integer({ min: 2, max: 9 }),
  cars: fc.integer({ min: 1, max: 3 }),
  capacity: fc.integer({ min: 1, max: 12 }),
  loadingFactor: fc.double({ min: 0.3, max: 1, noNaN: true }),
  speed: fc.double({ min: 0.5, max: 6, noNaN: true }),
  acceleration: fc.double({ min: 0.4, max: 1.5, noNaN: true }),
  jerk: fc.double({ min: 0.8, max: 2, noNaN: true }),
  height: fc.double({ min: 2.5, max: 5, noNaN: true }),
  // Cars after the first serve only the entrance and the upper half (the first serves everything).
  zoned: fc.boolean(),
  homes: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  dispatcher: fc.constantFrom(...dispatcherNames),
  parking: fc.constantFrom(...parkingPolicies),
  doorReversal: fc.boolean(),
  // A second group overlapping the first on the entrance and the top floors (group choice).
  overlap: fc.boolean(),
  share: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  warmUp: fc.constantFrom(0, 100),
  // Bursts (everyone within 30 s) as well as light traffic.
  span: fc.constantFrom(30, 500),
  trips: fc.array(
    fc.record({ time: fc.double({ min: 0, max: 1, noNaN: true }), origin: fc.nat(), destination: fc.nat() }),
    { maxLength: 40 },
  ),
});

describe('invariants on random buildings and passengers', () => {
  it('hold for every dispatcher, and draining delivers everyone', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const upper = Array.from({ length: s.floors }, (_, i) => i).filter(
          (f) => f === 0 || f >= s.floors / 2,
        );
        const building = testBuilding({
          floors: s.floors,
          height: s.height,
          cars: s.cars,
          loadingFactor: s.loadingFactor,
          parking: s.parking,
          doorReversal: s.doorReversal,
          ...(s.share !== undefined ? { trafficShare: s.share } : {}),
          extraGroups:
            s.overlap && s.floors >= 3
              ? [{ name: 'B', servedFloors: [0, s.floors - 2, s.floors - 1], cars: [{}], parking: s.parking }]
              : [],
          car: { capacity: s.capacity, speed: s.speed, acceleration: s.acceleration, jerk: s.jerk },
          carOverrides: Array.from({ length: s.cars }, (_, i) => {
            const served = s.zoned && i > 0 ? upper : undefined;
            const options = served ?? Array.from({ length: s.floors }, (_, f) => f);
            return { servedFloors: served, homeFloor: options[s.homes[i]! % options.length]! };
          }),
        });
        const arrivals: PassengerArrival[] = s.trips
          .map((t) => ({
            time: (t.time / 100) * s.span,
            origin: t.origin % s.floors,
            destination: t.destination % s.floors,
          }))
          .filter((t) => t.origin !== t.destination)
          .sort((a, b) => a.time - b.time)
          .map((t, id) => ({ id, ...t }));
        const name = s.dispatcher;
        const dispatcher = name === 'eta' || name === 'destination' ? { name, ridingWeight: 0.5 } : { name };
        const config = testConfig({ duration: 600, warmUp: s.warmUp, drainTime: 20_000, dispatcher });
        const events: SimEvent[] = [];
        const sim = new Simulation(building, arrivals, config, { onEvent: (e) => events.push(e) });
        sim.runToEnd();
        const results = sim.results();
        const passengers = sim.passengerRecords();
        expect(checkInvariants({ events, arrivals }, results, passengers, building)).toEqual([]);
        expect(results.kpis.inSystem).toBe(0);
        expect(results.kpis.generated).toBe(arrivals.length);
        expect(sim.finished).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
