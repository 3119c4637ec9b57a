/**
 * Executes comparison runs: each (dispatcher, seed) pair is one task on the executor; progress and
 * results are written to the database as tasks finish; a cancel aborts the remaining tasks.
 */
import { setMaxListeners } from 'node:events';
import {
  KPI_DEFINITIONS,
  dispatcherConfigSummary,
  RESULTS_SCHEMA_VERSION,
  runConfigSchema,
  type Building,
  type DispatcherConfig,
  type RunRequest,
  type RunResults,
  type SimulationResults,
  type Traffic,
} from '@hoistway/shared-types';
import {
  aggregateComparison,
  aggregateGroupIntervals,
  comparisonDistributions,
  type ComparedRun,
  type KpiStat,
} from '@hoistway/simulator';
import type { SimulationTask } from '@hoistway/simulator/node';
import type { FastifyBaseLogger } from 'fastify';
import type { RunRepository } from '../repositories/runs.js';
import type { RunTaskExecutor } from './executor.js';

export interface RunJob {
  id: string;
  building: Building;
  traffic: Traffic;
  request: RunRequest;
}

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

export function runTasks(job: Omit<RunJob, 'id'>): { label: string; seed: number; task: SimulationTask }[] {
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

/** One finished (dispatcher, seed) task. */
export interface FinishedTask extends ComparedRun {
  label: string;
  seed: number;
}

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

export class RunManager {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly repository: RunRepository,
    private readonly executor: RunTaskExecutor,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Starts the run in the background; the returned promise only covers the hand-off. */
  start(job: RunJob): void {
    const controller = new AbortController();
    const done = this.execute(job, controller.signal)
      .catch((error: unknown) => this.log.error({ err: error, runId: job.id }, 'run bookkeeping failed'))
      .finally(() => this.active.delete(job.id));
    this.active.set(job.id, { controller, done });
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Marks the run cancelled and aborts its tasks; false if it was no longer active. */
  async cancel(id: string): Promise<boolean> {
    const cancelled = await this.repository.finish(id, { status: 'cancelled', error: null });
    this.active.get(id)?.controller.abort();
    return cancelled;
  }

  /** Waits for a run's bookkeeping to finish (tests, shutdown). */
  async settled(id: string): Promise<void> {
    await this.active.get(id)?.done;
  }

  async close(): Promise<void> {
    for (const { controller } of this.active.values()) controller.abort();
    await Promise.all([...this.active.values()].map((a) => a.done));
    await this.executor.close();
  }

  private async execute(job: RunJob, signal: AbortSignal): Promise<void> {
    if (!(await this.repository.markRunning(job.id))) return; // cancelled before it started
    const tasks = runTasks(job);
    let done = 0;
    let progressWrite = Promise.resolve();
    const finished: FinishedTask[] = [];
    // One failed task aborts the others, as does a cancel.
    const failure = new AbortController();
    const taskSignal = AbortSignal.any([signal, failure.signal]);
    setMaxListeners(0, taskSignal); // one listener per task is expected, not a leak
    try {
      await Promise.all(
        tasks.map(async ({ label, seed, task }) => {
          const { results, waits } = await this.executor.run(task, taskSignal);
          finished.push({ label, seed, results, waits });
          done += 1;
          const current = done;
          // Writes are chained so progress never goes backwards.
          progressWrite = progressWrite.then(() => this.repository.addProgress(job.id, current));
        }),
      );
      await progressWrite;
      const results = comparisonResults(job.request, inTaskOrder(tasks, finished));
      // Cancelled while the last tasks ended: the run stays cancelled, with every task's results.
      if (!(await this.repository.finish(job.id, { status: 'finished', results })))
        await this.repository.saveCancelledResults(job.id, finished.length, results);
    } catch (error) {
      failure.abort();
      await progressWrite.catch(() => {});
      if (signal.aborted) {
        // Cancel already recorded the final status; the tasks that finished before it keep their results.
        if (finished.length > 0)
          await this.repository.saveCancelledResults(
            job.id,
            finished.length,
            comparisonResults(job.request, inTaskOrder(tasks, finished)),
          );
        return;
      }
      this.log.warn({ err: error, runId: job.id }, 'run failed');
      await this.repository.finish(job.id, { status: 'failed', error: errorMessage(error) });
    }
  }
}

/** Finished tasks in request order (dispatcher, then seed), whatever order they finished in. */
function inTaskOrder(
  tasks: readonly { label: string; seed: number }[],
  finished: FinishedTask[],
): FinishedTask[] {
  const order = new Map(tasks.map((t, i) => [`${t.label}\u0000${t.seed}`, i]));
  const key = (f: FinishedTask) => order.get(`${f.label}\u0000${f.seed}`)!;
  return [...finished].sort((a, b) => key(a) - key(b));
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
