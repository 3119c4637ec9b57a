import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildingSchema, runConfigSchema, type Building, type DispatcherName } from '@hoistway/shared-types';
import { flightTime } from '../motion.js';
import { generateArrivals } from '../traffic/generate.js';
import { resolveTraffic } from '../traffic/resolve.js';
import { createDispatcher } from './dispatchers/index.js';
import { argMin, argMinBounded } from './dispatchers/pick.js';
import { testBuilding, testConfig } from './fixtures.js';
import { Simulation } from './simulation.js';
import type { Dispatcher } from './types.js';

const params = fc.record({
  speed: fc.double({ min: 0.5, max: 10, noNaN: true }),
  acceleration: fc.double({ min: 0.4, max: 1.5, noNaN: true }),
  jerk: fc.double({ min: 0.8, max: 2, noNaN: true }),
});
// Floor distances: zero or at least a centimetre.
const distance = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 400, noNaN: true }));

describe('flight time (what the ETA bound relies on)', () => {
  it('grows with distance and is subadditive: a trip with a stop on the way is never faster', () => {
    fc.assert(
      fc.property(params, distance, distance, (p, a, b) => {
        expect(flightTime(Math.min(a, b), p)).toBeLessThanOrEqual(flightTime(Math.max(a, b), p) + 1e-9);
        expect(flightTime(a + b, p)).toBeLessThanOrEqual(flightTime(a, p) + flightTime(b, p) + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('argMinBounded', () => {
  it('chooses exactly what argMin chooses when every bound is at most its score', () => {
    // Scores in clusters a few 1e-9 apart (argMin's tie tolerance), so that the order matters.
    const score = fc.oneof(
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.tuple(fc.constantFrom(0, 1, 2, 10), fc.integer({ min: -8, max: 8 })).map(([b, k]) => b + k * 4e-10),
    );
    const item = fc.record({
      score,
      slack: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5, noNaN: true })),
      bounded: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 16 }), (items) => {
        const bounded = argMinBounded(
          items,
          (i) => (i.bounded ? Math.max(0, i.score - i.slack) : null),
          (i) => i.score,
        );
        expect(bounded).toBe(argMin(items, (i) => i.score));
      }),
      { numRuns: 5000 },
    );
  });
});

/** Delegates to `name`, checking on every decision that no candidate's ETA bound exceeds its ETA. */
function checkingDispatcher(name: DispatcherName, failures: string[]): Dispatcher {
  const inner = createDispatcher({ name } as Parameters<typeof createDispatcher>[0]);
  return {
    name: inner.name,
    destinationControl: inner.destinationControl,
    choose(ctx) {
      for (const c of ctx.candidates) {
        const bound = c.etaLowerBound!();
        const eta = c.estimate().eta;
        if (!(bound <= eta)) failures.push(`t=${ctx.time} car ${c.carId}: bound ${bound} > eta ${eta}`);
      }
      return inner.choose(ctx);
    },
  };
}

function example(name: string): Building {
  const url = new URL(`../../examples/${name}.json`, import.meta.url);
  return buildingSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

describe('etaLowerBound', () => {
  it('never exceeds the planned ETA (examples, every pattern, conventional and destination control)', () => {
    const failures: string[] = [];
    for (const b of ['office-10', 'office-20', 'tower-40']) {
      const building = example(b);
      for (const t of ['up-peak:14', 'down-peak:12', 'lunch:12', 'interfloor:8']) {
        const arrivals = generateArrivals(building, resolveTraffic(t, building), { seed: 5, duration: 1200 });
        for (const d of ['eta', 'destination'] as const) {
          const config = runConfigSchema.parse({ duration: 1200, seed: 5, dispatcher: { name: d } });
          new Simulation(building, arrivals, config, {
            dispatcher: checkingDispatcher(d, failures),
          }).runToEnd();
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('never exceeds the planned ETA (random buildings, zoned cars, bursts)', () => {
    const scenario = fc.record({
      floors: fc.integer({ min: 2, max: 30 }),
      cars: fc.integer({ min: 1, max: 4 }),
      capacity: fc.integer({ min: 1, max: 12 }),
      motion: params,
      height: fc.double({ min: 2.5, max: 5, noNaN: true }),
      zoned: fc.boolean(),
      dispatcher: fc.constantFrom('eta' as const, 'destination' as const),
      span: fc.constantFrom(20, 300),
      trips: fc.array(
        fc.record({
          time: fc.double({ min: 0, max: 1, noNaN: true }),
          origin: fc.nat(),
          destination: fc.nat(),
        }),
        { maxLength: 120 },
      ),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        const upper = Array.from({ length: s.floors }, (_, i) => i).filter(
          (f) => f === 0 || f >= s.floors / 2,
        );
        const building = testBuilding({
          floors: s.floors,
          height: s.height,
          cars: s.cars,
          car: { capacity: s.capacity, ...s.motion },
          carOverrides: Array.from({ length: s.cars }, (_, i) => ({
            servedFloors: s.zoned && i > 0 ? upper : undefined,
          })),
        });
        const arrivals = s.trips
          .map((t) => ({
            time: t.time * s.span,
            origin: t.origin % s.floors,
            destination: t.destination % s.floors,
          }))
          .filter((t) => t.origin !== t.destination)
          .sort((a, b) => a.time - b.time)
          .map((t, id) => ({ id, ...t }));
        const failures: string[] = [];
        const config = testConfig({ duration: s.span + 200, dispatcher: { name: s.dispatcher } });
        new Simulation(building, arrivals, config, {
          dispatcher: checkingDispatcher(s.dispatcher, failures),
        }).runToEnd();
        expect(failures.slice(0, 3)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
