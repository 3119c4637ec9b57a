/**
 * Consumes comparison tasks from the queue: runs each on the given executor (a thread pool), stores
 * its result at once, and sends the run's finalize job after its last task. Shared by the backend's
 * own pool and `hoistway-sim worker`.
 */
import { hostname } from 'node:os';
import type { PgBoss } from 'pg-boss';
import type { SimulationTask, SimulationTaskResult } from '../worker/task.js';
import { RUN_FINALIZE_QUEUE, RUN_TASK_QUEUE, defaultQueueTimings } from './queue.js';
import type { RunFinalizeJobData, RunTaskJobData, SqlQuery } from './run-task-job.js';
import { RunTaskStore } from './run-task-store.js';
import type { RunTaskSpec } from './run-tasks.js';

export type ConsumerEvent =
  | { kind: 'started'; runId: string; taskIndex: number; label: string; seed: number }
  | { kind: 'stored'; runId: string; taskIndex: number; done: number; total: number }
  | { kind: 'skipped'; runId: string; taskIndex: number; reason: 'stored' | 'inactive' }
  | { kind: 'discarded'; runId: string; taskIndex: number }
  | { kind: 'failed'; runId: string; taskIndex: number; error: string }
  | { kind: 'released'; runId: string; taskIndex: number };

export interface RunTaskConsumerOptions {
  boss: PgBoss;
  query: SqlQuery;
  execute(task: SimulationTask, signal: AbortSignal): Promise<SimulationTaskResult>;
  /** Tasks held at once: the pool's threads (more only wait in its queue while holding a job). */
  concurrency: number;
  /** Recorded with each stored task; defaults to host name and process id. */
  worker?: string;
  pollingIntervalSeconds?: number;
  /** How often in-flight tasks check that their run is still running (a cancel elsewhere). */
  cancelCheckMs?: number;
  onEvent?(event: ConsumerEvent): void;
}

export interface RunTaskConsumer {
  readonly worker: string;
  /** Tasks being executed now. */
  readonly inFlight: number;
  /**
   * Stops taking tasks and gives back the ones in hand: they are aborted and failed, so another
   * consumer retries them at once. Resolves when the handlers have returned.
   */
  release(): Promise<void>;
  /** Stops taking tasks and waits for the ones in hand to finish and be stored. */
  drain(): Promise<void>;
}

class Released extends Error {}
class Cancelled extends Error {}

export async function startRunTaskConsumer(options: RunTaskConsumerOptions): Promise<RunTaskConsumer> {
  const { boss } = options;
  const store = new RunTaskStore(options.query);
  const worker = options.worker ?? `${hostname()}:${process.pid}`;
  const emit = options.onEvent ?? (() => {});
  const inFlight = new Map<string, { runId: string; controller: AbortController }>();
  let stopping = false;
  // Task lists of the last runs seen: a run's tasks are read from its row once, not once per task.
  const taskLists = new Map<string, Promise<RunTaskSpec[] | undefined>>();
  const tasksOf = (runId: string) => {
    let list = taskLists.get(runId);
    if (!list) {
      list = store.tasks(runId);
      list.catch(() => taskLists.delete(runId));
      taskLists.set(runId, list);
      if (taskLists.size > 16) taskLists.delete(taskLists.keys().next().value!);
    }
    return list;
  };

  const handle = async (jobId: string, data: RunTaskJobData): Promise<void> => {
    const { runId, taskIndex } = data;
    const start = await store.begin(runId, taskIndex);
    if (start !== 'run') {
      emit({ kind: 'skipped', runId, taskIndex, reason: start });
      return; // cancelled, failed or already stored: complete the job without work
    }
    const spec = (await tasksOf(runId))?.[taskIndex];
    if (!spec) {
      await store.fail(runId, `task ${taskIndex} is not in the run's task list`);
      return;
    }
    const controller = new AbortController();
    inFlight.set(jobId, { runId, controller });
    emit({ kind: 'started', runId, taskIndex, label: data.label, seed: data.seed });
    let result: SimulationTaskResult;
    try {
      result = await options.execute(spec.task, controller.signal);
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof Released) {
        emit({ kind: 'released', runId, taskIndex });
        throw reason; // the job fails and is retried elsewhere
      }
      if (reason instanceof Cancelled) {
        emit({ kind: 'discarded', runId, taskIndex });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      emit({ kind: 'failed', runId, taskIndex, error: message });
      await store.fail(runId, message);
      return;
    } finally {
      inFlight.delete(jobId);
    }
    const progress = await store.save(data, result, worker);
    if (!progress) {
      emit({ kind: 'discarded', runId, taskIndex });
      return;
    }
    emit({ kind: 'stored', runId, taskIndex, ...progress });
    if (progress.done >= progress.total)
      await boss.send(RUN_FINALIZE_QUEUE, { runId } satisfies RunFinalizeJobData);
  };

  // One query for all tasks in hand: abort those whose run was cancelled (or failed) elsewhere.
  const watcher = setInterval(() => {
    if (inFlight.size === 0) return;
    const runIds = [...new Set([...inFlight.values()].map((t) => t.runId))];
    store
      .inactive(runIds)
      .then((inactive) => {
        for (const t of inFlight.values())
          if (inactive.has(t.runId)) t.controller.abort(new Cancelled('the run is no longer running'));
      })
      .catch(() => {}); // a passing database error: the next check tries again
  }, options.cancelCheckMs ?? 1000);
  watcher.unref();

  // One pg-boss worker per slot, each fetching one task at a time. A worker that finishes a task asks
  // for the next at once (notifyWorker) instead of waiting out its poll interval: tasks shorter than
  // the interval would otherwise leave the pool idle.
  const workIds: string[] = [];
  const polling = options.pollingIntervalSeconds ?? defaultQueueTimings.pollingIntervalSeconds;
  for (let slot = 0; slot < Math.max(1, options.concurrency); slot++) {
    // Its id is known only once work() resolves; a handler may run before that.
    const self: { id?: string } = {};
    self.id = await boss.work<RunTaskJobData>(
      RUN_TASK_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: polling },
      async (jobs) => {
        for (const job of jobs) await handle(job.id, job.data);
        if (self.id && !stopping) boss.notifyWorker(self.id);
      },
    );
    workIds.push(self.id);
  }

  const stop = async (release: boolean) => {
    if (stopping) return;
    stopping = true;
    clearInterval(watcher);
    if (release) for (const t of inFlight.values()) t.controller.abort(new Released('worker shutting down'));
    await Promise.all(workIds.map((id) => boss.offWork(RUN_TASK_QUEUE, { id, wait: true })));
  };

  return {
    worker,
    get inFlight() {
      return inFlight.size;
    },
    release: () => stop(true),
    drain: () => stop(false),
  };
}
