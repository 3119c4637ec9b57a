/** Runs simulation tasks on a piscina thread pool (one worker per core by default). */
import { existsSync } from 'node:fs';
import { Piscina } from 'piscina';
import type { SimulationTask, SimulationTaskResult } from './task.js';
import { defaultThreadCount } from './threads.js';
import { RUN_TASK_WORKER_PATH } from './worker-path.js';

export interface PoolOptions {
  /** Worker threads; defaults to the number of available cores. */
  threads?: number;
  /** Called after each task completes (in completion order). */
  onTaskDone?: (done: number, total: number) => void;
}

export { defaultThreadCount };

export function createSimulationPool(
  threads = defaultThreadCount(),
): Piscina<SimulationTask, SimulationTaskResult> {
  if (!existsSync(RUN_TASK_WORKER_PATH))
    throw new Error(
      `worker not built: ${RUN_TASK_WORKER_PATH} is missing (run: npx tsc -b packages/simulator/tsconfig.lib.json)`,
    );
  return new Piscina<SimulationTask, SimulationTaskResult>({
    filename: RUN_TASK_WORKER_PATH,
    minThreads: threads,
    maxThreads: threads,
    // Tasks are CPU-bound: more than one queued per thread only costs memory.
    concurrentTasksPerWorker: 1,
  });
}

/** Results in task order. The pool is created for this batch and destroyed afterwards. */
export async function runSimulationTasks(
  tasks: readonly SimulationTask[],
  options: PoolOptions = {},
): Promise<SimulationTaskResult[]> {
  const pool = createSimulationPool(options.threads);
  let done = 0;
  try {
    return await Promise.all(
      tasks.map(async (task) => {
        const result = await pool.run(task);
        options.onTaskDone?.(++done, tasks.length);
        return result;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
