/**
 * The job queue of comparison runs: pg-boss on the same PostgreSQL (or embedded PGlite) as the rest of
 * Hoistway. One job per (dispatcher, seed) task on RUN_TASK_QUEUE; the consumer that stores a run's
 * last task sends one job on RUN_FINALIZE_QUEUE, which the backend aggregates.
 */
import { createHash } from 'node:crypto';
import { PgBoss, fromPglite, type PGliteLike } from 'pg-boss';

export const RUN_TASK_QUEUE = 'hoistway-run-task';
export const RUN_FINALIZE_QUEUE = 'hoistway-run-finalize';
/** Tasks that failed every retry (workers killed over and over): the backend fails their run. */
export const RUN_TASK_DEAD_QUEUE = 'hoistway-run-task-dead';
/** Training jobs (one per model), and the dead letters of trainings whose workers were killed on every attempt. */
export const TRAIN_QUEUE = 'hoistway-train';
export const TRAIN_DEAD_QUEUE = 'hoistway-train-dead';
/** Attempts of one training beyond the first. */
export const TRAIN_RETRY_LIMIT = 3;
/** The PostgreSQL schema pg-boss owns (its tables, functions and migrations). */
export const JOB_SCHEMA = 'pgboss';

export interface QueueTimings {
  /**
   * A consumer refreshes the heartbeat of each task it holds; a task whose heartbeat is older than this
   * (its worker was killed) is retried by another consumer. pg-boss's minimum is 10.
   */
  heartbeatSeconds: number;
  /** How often pg-boss looks for missed heartbeats and expired jobs. */
  superviseIntervalSeconds: number;
  /** How often an idle consumer polls for tasks. */
  pollingIntervalSeconds: number;
}

export const defaultQueueTimings: QueueTimings = {
  heartbeatSeconds: 30,
  superviseIntervalSeconds: 10,
  pollingIntervalSeconds: 1,
};

/** Attempts of one task beyond the first (a release on shutdown and a killed worker each cost one). */
const RETRY_LIMIT = 20;

export type JobConnection = { connectionString: string } | { pglite: PGliteLike };

/** Starts pg-boss (installing or migrating its schema) and creates the run queues if missing. */
export async function openJobQueue(
  connection: JobConnection,
  timings: QueueTimings = defaultQueueTimings,
  onError: (error: Error) => void = () => {},
): Promise<PgBoss> {
  const common = {
    schema: JOB_SCHEMA,
    superviseIntervalSeconds: timings.superviseIntervalSeconds,
    // Completed jobs are only bookkeeping: the results live in run_tasks.
    persistWarnings: false,
  };
  const boss =
    'pglite' in connection
      ? new PgBoss({ ...common, db: fromPglite(connection.pglite), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: connection.connectionString, max: 4 });
  boss.on('error', onError);
  await boss.start();
  await ensureQueue(boss, RUN_TASK_DEAD_QUEUE, {});
  await ensureQueue(boss, RUN_FINALIZE_QUEUE, { retryLimit: RETRY_LIMIT });
  await ensureQueue(boss, RUN_TASK_QUEUE, {
    retryLimit: RETRY_LIMIT,
    heartbeatSeconds: timings.heartbeatSeconds,
    // A task may simulate for a long time; the heartbeat, not expiry, detects a dead worker.
    expireInSeconds: 24 * 3600,
    deadLetter: RUN_TASK_DEAD_QUEUE,
  });
  await ensureQueue(boss, TRAIN_DEAD_QUEUE, {});
  await ensureQueue(boss, TRAIN_QUEUE, {
    // Each attempt trains from the first epoch: a few are enough to outlive a killed worker or two.
    retryLimit: TRAIN_RETRY_LIMIT,
    heartbeatSeconds: timings.heartbeatSeconds,
    expireInSeconds: 24 * 3600,
    deadLetter: TRAIN_DEAD_QUEUE,
  });
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Parameters<PgBoss['createQueue']>[1]) {
  // createQueue is a no-op for an existing queue; two processes starting together may both try.
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    if (!(await boss.getQueue(name))) throw error;
  }
}

/**
 * A task's job id, derived from the run and the task's position: queueing a run twice (a resume)
 * never duplicates a task, and a cancel can name the queued jobs without storing their ids.
 */
export function runTaskJobId(runId: string, taskIndex: number): string {
  const h = createHash('sha256').update(`${runId}:${taskIndex}`).digest('hex');
  // Shaped as a version-5-style UUID (pg-boss ids are uuid columns).
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
