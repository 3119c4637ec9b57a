/**
 * Piscina worker module: runs one simulation task. Also callable in-process (the logic is the same),
 * which is how tests and single runs use it.
 */
import { simulate } from '../engine/index.js';
import { measuredWait } from '../engine/kpis.js';
import { generateArrivals } from '../traffic/index.js';
import type { SimulationTask, SimulationTaskResult } from './task.js';

export default function runTask({ building, traffic, config }: SimulationTask): SimulationTaskResult {
  const arrivals = generateArrivals(building, traffic, { seed: config.seed, duration: config.duration });
  const { results, passengers } = simulate(building, arrivals, config);
  const waits: number[] = [];
  for (const p of passengers) {
    const wait = measuredWait(p, results.endTime);
    if (wait !== null) waits.push(wait);
  }
  return { results, waits };
}
