/**
 * The data of one task job. Small on purpose: the building and traffic (a passenger list can be
 * megabytes) are read once per run from the run's row, not copied into every job.
 */
export interface RunTaskJobData {
  runId: string;
  /** Position in the run's task list (see runTaskList). */
  taskIndex: number;
  /** For logs and the dead-letter message. */
  label: string;
  seed: number;
}

export interface RunFinalizeJobData {
  runId: string;
}

/** Raw SQL with `$n` parameters, returning rows: postgres.js `unsafe` or PGlite `query` both fit. */
export type SqlQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
