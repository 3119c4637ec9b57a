/**
 * Training started from the web app: validated here (dataset, labels, work limit), the model row
 * inserted with status `training`, and one job queued on the pg-boss queue. The job is consumed by a
 * `hoistway-sim worker` or, with RUN_EXECUTION=auto, by this process's own consumer, which trains in
 * a worker thread (the event loop only writes each epoch to the row). A killed worker's job is retried
 * from the first epoch; after the retry limit the model fails with a message. A cancel marks the
 * model `cancelled`, and whoever trains it stops within a second.
 */
import { decisionFeatureNames, type ModelSummary } from '@hoistway/shared-types';
import { datasets } from '@hoistway/shared-types/db';
import {
  TRAIN_DEAD_QUEUE,
  TRAIN_QUEUE,
  TRAIN_RETRY_LIMIT,
  TrainingStore,
  defaultQueueTimings,
  emptyMetrics,
  featureMismatch,
  startTrainingConsumer,
  trainJobId,
  type QueueTimings,
  type TrainJobData,
  type TrainingConsumer,
  type TrainingExecutor,
} from '@hoistway/simulator/node';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/database.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import type { ModelRepository } from '../repositories/models.js';

export interface TrainRequest {
  datasetId: string;
  name: string;
  epochs: number;
  seed: number;
}

interface Log {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ModelTrainerOptions {
  database: Database;
  models: ModelRepository;
  /** The job queue (opened by the run manager). */
  boss: PgBoss;
  log: Log;
  /** Training rows × epochs one job may take (LIMIT_TRAINING_ROW_EPOCHS). */
  maxRowEpochs?: number;
  /** `auto`: this process also trains; `workers`: only `hoistway-sim worker`s do. */
  execution: 'auto' | 'workers';
  executor: TrainingExecutor;
  timings?: Partial<QueueTimings>;
}

/** Rows a web-app training job reads at most (larger datasets: use `hoistway-sim train`). */
export const MAX_TRAINING_ROWS = 2_000_000;

export class ModelTrainer {
  private consumer: TrainingConsumer | undefined;
  private readonly store: TrainingStore;

  private constructor(private readonly options: ModelTrainerOptions) {
    this.store = new TrainingStore(options.database.query);
  }

  private get maxRowEpochs() {
    return this.options.maxRowEpochs ?? Infinity;
  }

  /** Starts consuming (RUN_EXECUTION=auto) and fails the models a previous process never queued. */
  static async open(options: ModelTrainerOptions): Promise<ModelTrainer> {
    const trainer = new ModelTrainer(options);
    const { boss, log } = options;
    const timings = { ...defaultQueueTimings, ...options.timings };
    await boss.work<TrainJobData>(
      TRAIN_DEAD_QUEUE,
      { pollingIntervalSeconds: timings.pollingIntervalSeconds, batchSize: 1 },
      async ([job]) =>
        trainer.store.fail(
          job!.data.modelId,
          `training was abandoned by its worker on every attempt (${TRAIN_RETRY_LIMIT + 1}); train it again`,
        ),
    );
    if (options.execution === 'auto')
      trainer.consumer = await startTrainingConsumer({
        boss,
        query: options.database.query,
        executor: options.executor,
        pollingIntervalSeconds: timings.pollingIntervalSeconds,
        onEvent: (event) => {
          if (event.kind === 'failed') log.warn(event, 'model training failed');
          else if (event.kind !== 'epoch') log.info(event, 'model training');
        },
      });
    await trainer.resume();
    return trainer;
  }

  /** Models left `training` whose job never reached the queue (the process stopped in between). */
  private async resume(): Promise<void> {
    const training = await this.options.database.rows<{ id: string }>(
      sql`select id from models where status = 'training'`,
    );
    for (const { id } of training) {
      const jobs = await this.options.boss.findJobs(TRAIN_QUEUE, { data: { modelId: id }, limit: 1 });
      if (jobs.length === 0)
        await this.store.fail(id, 'interrupted: the server stopped before the training was queued');
    }
  }

  async start(request: TrainRequest): Promise<ModelSummary> {
    const [dataset] = await this.options.database.db
      .select({
        id: datasets.id,
        name: datasets.name,
        featureNames: datasets.featureNames,
        config: datasets.config,
      })
      .from(datasets)
      .where(eq(datasets.id, request.datasetId));
    if (!dataset)
      throw badRequest('unknown dataset', [
        { path: 'datasetId', message: `no dataset ${request.datasetId}` },
      ]);
    const mismatch = featureMismatch(dataset.featureNames);
    if (mismatch)
      throw badRequest('dataset cannot train a model', [{ path: 'datasetId', message: mismatch }]);
    const [count] = await this.options.database.rows<{ n: number }>(sql`
      select count(*)::int as n from training_samples where dataset_id = ${dataset.id} and cost is not null`);
    if (!count || Number(count.n) === 0)
      throw badRequest('dataset has no labelled rows', [
        {
          path: 'datasetId',
          message: 'empty, or too few decisions with a choice of cars: generate more episodes',
        },
      ]);
    const rowEpochs = Math.min(Number(count.n), MAX_TRAINING_ROWS) * request.epochs;
    if (rowEpochs > this.maxRowEpochs)
      throw badRequest(
        `Too much work for this server: training rows × epochs = ${rowEpochs.toLocaleString('en-US')}`,
        [
          {
            path: 'epochs',
            message: `rows × epochs = ${rowEpochs.toLocaleString('en-US')}, over the limit of ${this.maxRowEpochs.toLocaleString('en-US')} (LIMIT_TRAINING_ROW_EPOCHS); fewer epochs, or hoistway-sim train`,
          },
        ],
      );
    const model = await this.options.models.insert({
      name: request.name,
      datasets: [{ id: dataset.id, name: dataset.name }],
      featureNames: [...decisionFeatureNames],
      // Named by the consumer when it stores the weights: loading TensorFlow.js here would hold this
      // event loop for a moment, only to print its version.
      library: '@tensorflow/tfjs (training)',
      status: 'training',
      epochsRequested: request.epochs,
      metrics: emptyMetrics(request.seed),
    });
    try {
      await this.options.boss.send(
        TRAIN_QUEUE,
        {
          modelId: model.id,
          datasetId: dataset.id,
          epochs: request.epochs,
          seed: request.seed,
          maxRows: MAX_TRAINING_ROWS,
        } satisfies TrainJobData,
        { id: trainJobId(model.id) },
      );
    } catch (error) {
      this.options.log.error({ err: error, modelId: model.id }, 'queueing the training failed');
      await this.store.fail(model.id, error instanceof Error ? error.message : String(error));
    }
    return model;
  }

  /**
   * Stops a training: the model becomes `cancelled` (no weights), its queued job is cancelled, and a
   * consumer training it stops within a second. 404 for an unknown model, 409 when it is not training.
   */
  async cancel(id: string): Promise<ModelSummary> {
    const model = await this.options.models.get(id);
    if (!model) throw notFound('model');
    const rows = await this.options.database.query(
      `update models set status = 'cancelled', error = 'cancelled before it finished'
       where id = $1 and status = 'training' returning id`,
      [id],
    );
    if (rows.length === 0) throw conflict(`the model is ${model.status}, not training`);
    try {
      await this.options.boss.cancel(TRAIN_QUEUE, trainJobId(id));
    } catch (error) {
      // The consumer sees the status anyway; a job left queued finds the model cancelled and ends.
      this.options.log.warn({ err: error, modelId: id }, 'cancelling the training job failed');
    }
    return (await this.options.models.get(id))!;
  }

  /** Hands the training in hand back to the queue (it is retried, here after a restart or elsewhere). */
  async close(): Promise<void> {
    await this.consumer?.release();
  }
}
