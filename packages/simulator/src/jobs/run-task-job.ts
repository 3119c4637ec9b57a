import type { SimulationTask } from '../worker/task.js';

/** The data of one task job: everything a consumer needs, so it never reads the building tables. */
export interface RunTaskJobData {
  runId: string;
  /** Position in the run's task list (dispatcher-major, then seed). */
  taskIndex: number;
  label: string;
  seed: number;
  task: SimulationTask;
}

export interface RunFinalizeJobData {
  runId: string;
}

/** Raw SQL with `$n` parameters, returning rows: postgres.js `unsafe` or PGlite `query` both fit. */
export type SqlQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
