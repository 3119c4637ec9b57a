/**
 * Consumes training jobs: claims the model, reads its dataset's rows, trains on a TrainingExecutor
 * (a worker thread) writing each epoch to the model's row as it ends, and stores the weights. Shared
 * by the backend's own executor and `hoistway-sim worker`.
 *
 * A cancel (the model leaves `training`) is seen within a second or at the next epoch and stops the
 * thread. A consumer shutting down hands its job back (it is retried at once, from the first epoch;
 * training is deterministic for a seed, so the model ends the same); a killed consumer's job is
 * retried once its heartbeat lapses.
 */
import type { PgBoss } from 'pg-boss';
import type { TrainingEpoch } from '@hoistway/shared-types';
import { defaultQueueTimings } from './queue.js';
import type { SqlQuery } from './run-task-job.js';
import type { TrainingExecutor } from './training-executor.js';
import { TRAIN_QUEUE, type TrainJobData } from './training-job.js';
import { emptyMetrics, TrainingStore } from './training-store.js';

export type TrainingEvent =
  | { kind: 'started'; modelId: string; rows: number }
  | { kind: 'epoch'; modelId: string; epoch: number; of: number }
  | { kind: 'ready'; modelId: string }
  | { kind: 'skipped'; modelId: string }
  | { kind: 'cancelled'; modelId: string }
  | { kind: 'failed'; modelId: string; error: string }
  | { kind: 'released'; modelId: string };

export interface TrainingConsumerOptions {
  boss: PgBoss;
  query: SqlQuery;
  executor: TrainingExecutor;
  /** Trainings at once (each takes a core). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
  cancelCheckMs?: number;
  onEvent?(event: TrainingEvent): void;
}

export interface TrainingConsumer {
  readonly inFlight: number;
  /** Stops taking jobs and hands back the ones in hand (retried at once elsewhere). */
  release(): Promise<void>;
}

class Released extends Error {}
class Cancelled extends Error {}

export async function startTrainingConsumer(options: TrainingConsumerOptions): Promise<TrainingConsumer> {
  const { boss } = options;
  const store = new TrainingStore(options.query);
  const emit = options.onEvent ?? (() => {});
  const inFlight = new Map<string, AbortController>();
  let stopping = false;

  const handle = async (data: TrainJobData): Promise<void> => {
    const { modelId } = data;
    if (!(await store.begin(modelId, data.seed))) {
      emit({ kind: 'skipped', modelId });
      return;
    }
    const controller = new AbortController();
    inFlight.set(modelId, controller);
    // Epoch writes in order, one at a time; a write that finds the model no longer training cancels.
    let writes = Promise.resolve();
    const epochs: TrainingEpoch[] = [];
    try {
      const { rows, objective } = await store.loadRows(data.datasetId, data.maxRows);
      if (controller.signal.aborted) throw controller.signal.reason;
      emit({ kind: 'started', modelId, rows: rows.cost.length });
      const trained = await options.executor.train(
        { rows, objective, options: { epochs: data.epochs, seed: data.seed } },
        (epoch) => {
          epochs.push(epoch);
          const metrics = { ...emptyMetrics(data.seed), epochs: [...epochs] };
          emit({ kind: 'epoch', modelId, epoch: epoch.epoch, of: data.epochs });
          writes = writes
            .then(() => store.progress(modelId, metrics))
            .then((training) => {
              if (!training) controller.abort(new Cancelled('the model is no longer training'));
            })
            .catch(() => {}); // a passing database error: the next epoch writes the whole curve again
        },
        controller.signal,
      );
      await writes;
      if (controller.signal.aborted) throw controller.signal.reason;
      if (await store.finish(modelId, trained)) emit({ kind: 'ready', modelId });
      else emit({ kind: 'cancelled', modelId });
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof Released) {
        emit({ kind: 'released', modelId });
        throw reason; // the job fails and is retried
      }
      if (reason instanceof Cancelled) {
        emit({ kind: 'cancelled', modelId });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      emit({ kind: 'failed', modelId, error: message });
      await store.fail(modelId, message);
    } finally {
      inFlight.delete(modelId);
    }
  };

  const watcher = setInterval(() => {
    if (inFlight.size === 0) return;
    store
      .inactive([...inFlight.keys()])
      .then((inactive) => {
        for (const id of inactive) inFlight.get(id)?.abort(new Cancelled('the model is no longer training'));
      })
      .catch(() => {});
  }, options.cancelCheckMs ?? 1000);
  watcher.unref();

  const workIds: string[] = [];
  for (let slot = 0; slot < Math.max(1, options.concurrency ?? 1); slot++)
    workIds.push(
      await boss.work<TrainJobData>(
        TRAIN_QUEUE,
        {
          batchSize: 1,
          pollingIntervalSeconds:
            options.pollingIntervalSeconds ?? defaultQueueTimings.pollingIntervalSeconds,
        },
        async (jobs) => {
          for (const job of jobs) await handle(job.data);
        },
      ),
    );

  return {
    get inFlight() {
      return inFlight.size;
    },
    async release() {
      if (stopping) return;
      stopping = true;
      clearInterval(watcher);
      for (const controller of inFlight.values()) controller.abort(new Released('worker shutting down'));
      await Promise.all(workIds.map((id) => boss.offWork(TRAIN_QUEUE, { id, wait: true })));
    },
  };
}
