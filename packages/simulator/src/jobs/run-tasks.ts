/**
 * The task list of a comparison run: every dispatcher × every seed, dispatcher-major. Computed the
 * same way where runs are queued (backend) and where tasks run (any consumer), so a job only names its
 * run and position, and the building and traffic are stored once, with the run.
 */
import {
  runConfigSchema,
  type Building,
  type DispatcherConfig,
  type RunRequest,
  type Traffic,
} from '@hoistway/shared-types';
import type { SimulationTask } from '../worker/task.js';

/** Labels in request order; a repeated dispatcher name is numbered (`eta`, `eta #2`). */
export function dispatcherLabels(dispatchers: readonly DispatcherConfig[]): string[] {
  const seen = new Map<string, number>();
  return dispatchers.map((d) => {
    const base =
      d.name === 'learned'
        ? `learned:${d.resolved ? `${d.resolved.name}@${d.resolved.version}` : d.model}`
        : d.name;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

export interface RunTaskSpec {
  label: string;
  seed: number;
  task: SimulationTask;
}

export function runTaskList(job: {
  building: Building;
  traffic: Traffic;
  request: Pick<RunRequest, 'dispatchers' | 'seeds' | 'duration' | 'warmUp' | 'drainTime'>;
}): RunTaskSpec[] {
  const labels = dispatcherLabels(job.request.dispatchers);
  const { duration, warmUp, drainTime } = job.request;
  return job.request.dispatchers.flatMap((dispatcher, k) =>
    job.request.seeds.map((seed) => ({
      label: labels[k]!,
      seed,
      task: {
        building: job.building,
        traffic: job.traffic,
        config: runConfigSchema.parse({ duration, warmUp, drainTime, seed, dispatcher }),
      },
    })),
  );
}
