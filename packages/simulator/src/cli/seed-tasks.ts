/**
 * Dispatchers × seeds, as `compare` and `evaluate` run them: one simulation task per (dispatcher,
 * seed), every configuration validated before any thread starts, then run on the worker pool behind
 * a progress bar, and the results grouped by dispatcher in seed order.
 */
import type { Building, SimulationResults, Traffic } from '@hoistway/shared-types';
import type { SimulationTask } from '../worker/task.js';
import type { DispatcherChoice } from './options.js';
import { createProgress, progressMode } from './progress.js';
import { buildRunConfig } from './run-settings.js';
import type { RunTimingOptions } from './commands/simulation-options.js';

export interface SeedTask extends SimulationTask {
  choice: DispatcherChoice;
}

/** Seeds `start .. start + count - 1`. */
export const seedRange = (start: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => start + i);

export function dispatcherSeedTasks(
  choices: readonly DispatcherChoice[],
  seeds: readonly number[],
  inputs: { building: Building; traffic: Traffic },
  timing: RunTimingOptions,
): SeedTask[] {
  const { building, traffic } = inputs;
  return choices.flatMap((choice) =>
    seeds.map((seed) => ({
      choice,
      building,
      traffic,
      config: buildRunConfig({ ...timing, dispatcher: choice, seed }, traffic, building),
    })),
  );
}

/** Runs the tasks on the worker pool with a progress bar; results grouped by `labelOf(choice)`. */
export async function runSeedTasks(
  tasks: readonly SeedTask[],
  options: { threads?: number; progress?: boolean; labelOf?: (choice: DispatcherChoice) => string },
): Promise<{ byDispatcher: Record<string, SimulationResults[]>; results: SimulationResults[] }> {
  // Loaded here, not with the CLI: only the commands that run many simulations need the pool.
  const { runSimulationTasks } = await import('../worker/pool.js');
  const progress = createProgress({ unit: 'runs', mode: progressMode(options.progress) });
  let outputs;
  try {
    outputs = await runSimulationTasks(
      tasks.map(({ building, traffic, config }) => ({ building, traffic, config })),
      { threads: options.threads, onTaskDone: (done, total) => progress.update(done, total) },
    );
  } finally {
    progress.stop();
  }
  const labelOf = options.labelOf ?? ((choice: DispatcherChoice) => choice);
  const byDispatcher: Record<string, SimulationResults[]> = {};
  for (const t of tasks) byDispatcher[labelOf(t.choice)] ??= [];
  outputs.forEach((o, i) => byDispatcher[labelOf(tasks[i]!.choice)]!.push(o.results));
  return { byDispatcher, results: outputs.map((o) => o.results) };
}
