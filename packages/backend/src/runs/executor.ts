/** Where comparison tasks execute: a piscina worker-thread pool, so the event loop never runs a simulation. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { RUN_TASK_WORKER_PATH, type SimulationTask, type SimulationTaskResult } from '@hoistway/simulator';
import { Piscina } from 'piscina';

export interface RunTaskExecutor {
  run(task: SimulationTask, signal: AbortSignal): Promise<SimulationTaskResult>;
  close(): Promise<void>;
}

/** Leave one core to the event loop (HTTP, database) and the rest to simulations. */
export const defaultRunWorkers = () => Math.max(1, availableParallelism() - 1);

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

/** The pool (and its threads) is created on the first task, so an idle backend holds no workers. */
export function createPoolExecutor(threads = defaultRunWorkers()): RunTaskExecutor {
  let pool: Piscina<SimulationTask, SimulationTaskResult> | undefined;
  const open = () => {
    if (!existsSync(RUN_TASK_WORKER_PATH))
      throw new Error(
        `simulation worker not built: ${RUN_TASK_WORKER_PATH} (run: npx tsc -b packages/simulator/tsconfig.lib.json)`,
      );
    return new Piscina<SimulationTask, SimulationTaskResult>({
      filename: RUN_TASK_WORKER_PATH,
      minThreads: threads,
      maxThreads: threads,
      // CPU-bound tasks: one at a time per thread.
      concurrentTasksPerWorker: 1,
      execArgv: workerExecArgv(),
    });
  };
  return {
    run(task, signal) {
      pool ??= open();
      return pool.run(task, { signal });
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
