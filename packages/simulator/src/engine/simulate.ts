import type { Building, PassengerRecord, RunConfig, SimulationResults } from '@hoistway/shared-types';
import type { PassengerArrival } from '../traffic/arrival.js';
import { Simulation } from './simulation.js';
import type { SimulationOptions } from './types.js';

/** Run a whole simulation and return its results and per-passenger records. */
export function simulate(
  building: Building,
  arrivals: readonly PassengerArrival[],
  config: RunConfig,
  options: SimulationOptions & { onProgress?: (t: number, end: number) => void } = {},
): { results: SimulationResults; passengers: PassengerRecord[] } {
  const sim = new Simulation(building, arrivals, config, options);
  sim.runToEnd(options.onProgress);
  const passengers = sim.passengerRecords();
  return { results: sim.results(passengers), passengers };
}
