import type { Building, RunConfig, SimulationResults, Traffic } from '@hoistway/shared-types';

/** One simulation run, as plain (structured-cloneable) data for a worker thread. */
export interface SimulationTask {
  building: Building;
  traffic: Traffic;
  /** Fully resolved run configuration (duration, warm-up, seed, dispatcher). */
  config: RunConfig;
}

export interface SimulationTaskResult {
  results: SimulationResults;
  /**
   * Waiting times of the passengers counted in the KPIs, s (for distributions across runs); a passenger
   * still waiting at the end at the wait so far.
   */
  waits: number[];
}
