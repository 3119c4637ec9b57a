/** Where comparison tasks execute: the simulator's piscina pool, so the event loop never runs a simulation. */
import { availableParallelism } from 'node:os';
import {
  createSimulationPool,
  type SimulationTask,
  type SimulationTaskResult,
} from '@hoistway/simulator/node';

export interface RunTaskExecutor {
  run(task: SimulationTask, signal: AbortSignal): Promise<SimulationTaskResult>;
  close(): Promise<void>;
}

/** Leave one core to the event loop (HTTP, database) and the rest to simulations. */
export const defaultRunWorkers = () => Math.max(1, availableParallelism() - 1);

/** The pool (and its threads) is created on the first task, so an idle backend holds no workers. */
export function createPoolExecutor(threads = defaultRunWorkers()): RunTaskExecutor {
  let pool: ReturnType<typeof createSimulationPool> | undefined;
  return {
    run(task, signal) {
      pool ??= createSimulationPool(threads);
      return pool.run(task, { signal });
    },
    async close() {
      await pool?.destroy();
      pool = undefined;
    },
  };
}
