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

/**
 * Worker threads inherit the parent's Node flags. The worker is built JavaScript, so it must resolve
 * workspace packages to their built `dist/`, never through the `@hoistway/source` condition that a
 * test runner may have set for the main thread.
 */
export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i]!;
    if ((arg === '--conditions' || arg === '-C') && parent[i + 1] === '@hoistway/source') i++;
    else if (arg !== '--conditions=@hoistway/source' && arg !== '-C=@hoistway/source') out.push(arg);
  }
  return out;
}

/** The one piscina pool factory for simulation tasks (CLI `compare`, the backend's comparison runs). */
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
    execArgv: workerExecArgv(),
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
