/**
 * Comparison runs as durable jobs: each (dispatcher, seed) pair is one job on the pg-boss queue,
 * executed by this process's pool and/or `hoistway-sim worker`s; each finished task is stored in
 * run_tasks at once, and the run's results are aggregated from the stored tasks after the last one.
 * A restart loses only the tasks in flight (pg-boss retries them once their heartbeat lapses).
 */
import {
  KPI_DEFINITIONS,
  dispatcherConfigSummary,
  RESULTS_SCHEMA_VERSION,
  type Building,
  type RunRequest,
  type RunResults,
  type SimulationResults,
  type Traffic,
} from '@hoistway/shared-types';
import {
  aggregateComparison,
  aggregateGroupIntervals,
  comparisonDistributions,
  type KpiStat,
} from '@hoistway/simulator';
import {
  RUN_FINALIZE_QUEUE,
  RUN_TASK_DEAD_QUEUE,
  RUN_TASK_QUEUE,
  defaultQueueTimings,
  openJobQueue,
  dispatcherLabels,
  runTaskJobId,
  runTaskList,
  startRunTaskConsumer,
  type QueueTimings,
  type RunFinalizeJobData,
  type RunTaskConsumer,
  type RunTaskJobData,
  type RunTaskSpec,
} from '@hoistway/simulator/node';
import type { FastifyBaseLogger } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/database.js';
import { activeRunStatuses, type FinishedTask, type RunRepository } from '../repositories/runs.js';
import type { RunTaskExecutor } from './executor.js';
import { storeModelEvaluation } from '../services/model-evaluation.js';

export interface RunJob {
  id: string;
  building: Building;
  traffic: Traffic;
  request: RunRequest;
}

/** The task list (dispatcher-major, then seed) and its labels live with the consumer, in the simulator. */
export { dispatcherLabels };

export function runTasks(job: Omit<RunJob, 'id'>): RunTaskSpec[] {
  return runTaskList(job);
}

export type { FinishedTask };

/** JSON has no NaN: a KPI without values (mean NaN) is stored as null. */
const finiteOrNull = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

const storedStat = (s: KpiStat) => ({
  mean: finiteOrNull(s.mean),
  ci95Low: finiteOrNull(s.ci95Low),
  ci95High: finiteOrNull(s.ci95High),
  n: s.n,
});

const storedStats = (perDispatcher: Record<string, KpiStat>) =>
  Object.fromEntries(Object.entries(perDispatcher).map(([label, s]) => [label, storedStat(s)]));

export function comparisonResults(request: RunRequest, finished: readonly FinishedTask[]): RunResults {
  const labels = dispatcherLabels(request.dispatchers);
  const byLabel: Record<string, FinishedTask[]> = Object.fromEntries(labels.map((l) => [l, []]));
  for (const f of finished) byLabel[f.label]!.push(f);
  const resultsByLabel: Record<string, SimulationResults[]> = Object.fromEntries(
    Object.entries(byLabel).map(([label, runs]) => [label, runs.map((r) => r.results)]),
  );
  const summary: RunResults['summary'] = {};
  for (const [kpi, perDispatcher] of Object.entries(aggregateComparison(resultsByLabel)))
    summary[kpi] = storedStats(perDispatcher);
  const groupIntervals: NonNullable<RunResults['groupIntervals']> = {};
  for (const [group, perDispatcher] of Object.entries(aggregateGroupIntervals(resultsByLabel)))
    groupIntervals[group] = storedStats(perDispatcher);
  return {
    dispatchers: request.dispatchers.map((config, k) => ({
      label: labels[k]!,
      config: dispatcherConfigSummary(config),
    })),
    summary,
    groupIntervals,
    resultsSchemaVersion: finished[0]?.results.schemaVersion ?? RESULTS_SCHEMA_VERSION,
    distributions: comparisonDistributions(byLabel),
    // Only the numeric KPIs: per-group figures are aggregated above, saturation is a flag.
    runs: finished.map((f) => ({
      dispatcher: f.label,
      seed: f.seed,
      kpis: Object.fromEntries(KPI_DEFINITIONS.map(({ key }) => [key, finiteOrNull(f.results.kpis[key])])),
      saturated: f.results.kpis.saturated === true,
    })),
  };
}

export interface RunManagerOptions {
  database: Database;
  repository: RunRepository;
  executor: RunTaskExecutor;
  log: FastifyBaseLogger;
  /** `auto`: this process also works tasks; `workers`: only `hoistway-sim worker`s do. */
  execution: 'auto' | 'workers';
  /** Tasks this process holds at once (its pool's threads). */
  concurrency: number;
  timings?: Partial<QueueTimings>;
}

export class RunManager {
  private consumer: RunTaskConsumer | undefined;
  private closed = false;

  private constructor(
    private readonly options: RunManagerOptions,
    private readonly boss: PgBoss,
  ) {}

  /** The job queue (training jobs share it). */
  get queue(): PgBoss {
    return this.boss;
  }

  /** Opens the queue, starts consuming, and resumes the runs a previous process left active. */
  static async open(options: RunManagerOptions): Promise<RunManager> {
    const timings = { ...defaultQueueTimings, ...options.timings };
    const boss = await openJobQueue(options.database.jobConnection, timings, (error) =>
      options.log.warn({ err: error }, 'job queue error'),
    );
    const manager = new RunManager(options, boss);
    const polling = { pollingIntervalSeconds: timings.pollingIntervalSeconds, batchSize: 1 };
    await boss.work<RunFinalizeJobData>(RUN_FINALIZE_QUEUE, polling, async ([job]) =>
      manager.finalize(job!.data.runId),
    );
    await boss.work<RunTaskJobData>(RUN_TASK_DEAD_QUEUE, polling, async ([job]) => {
      const { runId, label, seed } = job!.data;
      await options.repository.finish(runId, {
        status: 'failed',
        error: `task ${label} seed ${seed} was abandoned by its worker on every attempt`,
      });
    });
    if (options.execution === 'auto')
      manager.consumer = await startRunTaskConsumer({
        boss,
        query: options.database.query,
        execute: (task, signal) => options.executor.run(task, signal),
        concurrency: options.concurrency,
        pollingIntervalSeconds: timings.pollingIntervalSeconds,
        onEvent: (event) => {
          if (event.kind === 'failed') options.log.warn(event, 'run task failed');
          else options.log.debug(event, 'run task');
        },
      });
    await manager.resume();
    return manager;
  }

  /** Queues the run's tasks (one job each); the run stays `queued` until a consumer takes one. */
  async start(job: RunJob): Promise<void> {
    const tasks = runTasks(job);
    try {
      await this.boss.insert(
        RUN_TASK_QUEUE,
        tasks.map(({ label, seed }, taskIndex) => ({
          id: runTaskJobId(job.id, taskIndex),
          data: { runId: job.id, taskIndex, label, seed } satisfies RunTaskJobData,
        })),
      );
    } catch (error) {
      this.options.log.error({ err: error, runId: job.id }, 'queueing the run failed');
      await this.options.repository.finish(job.id, { status: 'failed', error: errorMessage(error) });
    }
  }

  /**
   * Marks the run cancelled and cancels its queued tasks; tasks running on any consumer see the
   * status within a second, are aborted and their results dropped. The tasks stored before the cancel
   * keep their results. False if the run was no longer active.
   */
  async cancel(id: string): Promise<boolean> {
    const { repository } = this.options;
    const run = await repository.get(id);
    if (!(await repository.finish(id, { status: 'cancelled', error: null }))) return false;
    const ids = Array.from({ length: run?.progress.total ?? 0 }, (_, i) => runTaskJobId(id, i));
    if (ids.length > 0) await this.boss.cancel(RUN_TASK_QUEUE, ids);
    const finished = await repository.storedTasks(id);
    if (finished.length > 0 && run)
      await repository.saveCancelledResults(id, finished.length, comparisonResults(run.request, finished));
    return true;
  }

  /** Waits until the run has left the active statuses (tests, scripts); polls the database. */
  async settled(id: string, timeoutMs = 600_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [run] = await this.options.repository.progressOf([id]);
      if (!run || !activeRunStatuses.includes(run.status)) return;
      if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Gives back the tasks in hand (another consumer, or this one after a restart, retries them). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.consumer?.release();
    await this.boss.stop({ graceful: true, close: true, timeout: 10_000 });
    await this.options.executor.close();
  }

  /**
   * Stops as a killed process would (tests): nothing is released, the tasks in hand stay claimed until
   * their heartbeat lapses.
   */
  async abandon(): Promise<void> {
    this.closed = true;
    await this.boss.stop({ graceful: false, close: true });
  }

  /** Aggregates a run whose every task is stored; any consumer's finalize job lands here. */
  private async finalize(id: string): Promise<void> {
    const { repository } = this.options;
    const run = await repository.get(id);
    if (!run || run.status !== 'running') return;
    const finished = await repository.storedTasks(id);
    if (finished.length < run.progress.total) return;
    // An evaluation's summary is with its model before the run reads finished (the web app then shows it).
    const modelId = await repository.evaluatedModel(id);
    if (modelId) await storeModelEvaluation(this.options.database, id, modelId, run.request, finished);
    await repository.finish(id, { status: 'finished', results: comparisonResults(run.request, finished) });
  }

  /**
   * Runs left active by a previous process go on by themselves (their jobs are durable); a run whose
   * last task was stored but not aggregated is finalized, and one whose tasks never reached the queue
   * (the process stopped in between) fails.
   */
  private async resume(): Promise<void> {
    const { repository, log } = this.options;
    for (const run of await repository.active()) {
      if (run.status === 'running' && run.done >= run.total) {
        await this.boss.send(RUN_FINALIZE_QUEUE, { runId: run.id } satisfies RunFinalizeJobData);
        continue;
      }
      const jobs = await this.boss.findJobs(RUN_TASK_QUEUE, { data: { runId: run.id }, limit: 1 });
      if (jobs.length === 0) {
        await repository.finish(run.id, {
          status: 'failed',
          error: 'interrupted: the backend stopped before the run was queued',
        });
        continue;
      }
      log.info({ runId: run.id, done: run.done, total: run.total }, 'resuming run');
    }
  }
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
