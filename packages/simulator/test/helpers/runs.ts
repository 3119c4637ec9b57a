/** Test helpers: example buildings, and runs that keep their event trace and invariant check. */
import { readFileSync } from 'node:fs';
import {
  buildingSchema,
  runConfigSchema,
  type Building,
  type DispatcherName,
  type RunConfig,
  type Traffic,
} from '@hoistway/shared-types';
import { testBuilding, testConfig } from '../../src/engine/fixtures.js';
import { checkInvariants } from '../../src/engine/invariants.js';
import { simulate } from '../../src/engine/simulate.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { SimEvent, SimulationOptions } from '../../src/engine/types.js';
import type { PassengerArrival } from '../../src/traffic/arrival.js';
import { generateArrivals } from '../../src/traffic/generate.js';

/** One of `packages/simulator/examples/*.json`, validated. */
export function exampleBuilding(name: string): Building {
  return buildingSchema.parse(
    JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')),
  );
}

/** A hand-made trip for hand-computed cases. */
export function trip(id: number, time: number, origin: number, destination: number): PassengerArrival {
  return { id, time, origin, destination };
}

/** Run to the end, recording every event; `problems` are the invariant violations (expected empty). */
export function tracedRun(
  arrivals: PassengerArrival[],
  building: Building = testBuilding(),
  config: RunConfig = testConfig(),
  options: SimulationOptions = {},
) {
  const events: SimEvent[] = [];
  const sim = new Simulation(building, arrivals, config, { ...options, onEvent: (e) => events.push(e) });
  sim.runToEnd();
  const results = sim.results();
  const passengers = sim.passengerRecords();
  const problems = checkInvariants({ events, arrivals }, results, passengers, building);
  return { sim, events, results, passengers, problems };
}

/** Generated traffic on a building with one dispatcher and seed. */
export function generatedRun(
  building: Building,
  traffic: Traffic,
  name: DispatcherName,
  seed: number,
  duration = 3600,
  onEvent?: (e: SimEvent) => void,
) {
  const config = runConfigSchema.parse({ duration, seed, dispatcher: { name } });
  const arrivals = generateArrivals(building, traffic, { seed, duration });
  return { arrivals, ...simulate(building, arrivals, config, onEvent ? { onEvent } : {}) };
}
