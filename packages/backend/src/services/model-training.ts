/**
 * Training jobs started from the web app: a dataset's labelled rows (read from this database) → the
 * same trainer as `hoistway-sim train` → the next version of the model's name. The job runs in this
 * process, giving the event loop a turn after every batch; per-epoch losses are written to the
 * model's row as they come, so the web app shows the training curve while it grows.
 */
import {
  decisionFeatureNames,
  type ModelMetrics,
  type ModelSummary,
  type TrainingEpoch,
} from '@hoistway/shared-types';
import { datasets } from '@hoistway/shared-types/db';
import { featureMismatch, labelObjective, trainNetwork, trainingLibrary } from '@hoistway/simulator/node';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { badRequest } from '../http/errors.js';
import type { ModelRepository } from '../repositories/models.js';

export interface TrainRequest {
  datasetId: string;
  name: string;
  epochs: number;
  seed: number;
}

interface Log {
  error(obj: object, msg: string): void;
}

/** Rows a web-app training job reads at most (larger datasets: use `hoistway-sim train`). */
export const MAX_TRAINING_ROWS = 2_000_000;

export class ModelTrainer {
  private readonly jobs = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly models: ModelRepository,
    private readonly log?: Log,
    /** Training rows × epochs one job may take (LIMIT_TRAINING_ROW_EPOCHS). */
    private readonly maxRowEpochs = Infinity,
  ) {}

  /** Models left "training" by a previous process will never finish. */
  async markInterrupted(): Promise<void> {
    await this.database.rows(sql`
      update models set status = 'failed', error = 'interrupted: the server stopped while training'
      where status = 'training' returning id`);
  }

  async start(request: TrainRequest): Promise<ModelSummary> {
    const [dataset] = await this.database.db
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
    const [count] = await this.database.rows<{ n: number }>(sql`
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
    const objective = labelObjective(dataset.config['labels']);

    const model = await this.models.insert({
      name: request.name,
      datasets: [{ id: dataset.id, name: dataset.name }],
      featureNames: [...decisionFeatureNames],
      library: await trainingLibrary(),
      status: 'training',
      epochsRequested: request.epochs,
      metrics: emptyMetrics(request.seed),
    });
    const job = this.run(model.id, dataset.id, request, objective).finally(() => this.jobs.delete(job));
    this.jobs.add(job);
    return model;
  }

  private async run(
    modelId: string,
    datasetId: string,
    request: TrainRequest,
    objective: { horizon: number; ridingWeight: number },
  ): Promise<void> {
    try {
      const rows = await this.loadRows(datasetId);
      const epochs: TrainingEpoch[] = [];
      const trained = await trainNetwork(rows, objective, {
        epochs: request.epochs,
        seed: request.seed,
        yieldEvery: 1,
        onEpoch: async (epoch) => {
          if (this.closed) throw new Error('interrupted: the server stopped while training');
          epochs.push(epoch);
          await this.models.updateProgress(modelId, { ...emptyMetrics(request.seed), epochs: [...epochs] });
        },
      });
      await this.models.finish(modelId, trained);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log?.error({ err: error, modelId }, 'model training failed');
      await this.models.fail(modelId, message).catch(() => {});
    }
  }

  private async loadRows(datasetId: string) {
    const f = decisionFeatureNames.length;
    const found = await this.database.rows<{
      episode: number;
      decision: number;
      features: number[];
      chosen: boolean;
      cost: number;
    }>(sql`
      select episode, decision, features, chosen, cost from training_samples
      where dataset_id = ${datasetId} and cost is not null
      order by episode, decision, candidate limit ${MAX_TRAINING_ROWS}`);
    const n = found.length;
    const rows = {
      featureNames: [...decisionFeatureNames],
      features: new Float32Array(n * f),
      chosen: new Uint8Array(n),
      cost: new Float32Array(n),
      episode: new Int32Array(n),
      group: new Int32Array(n),
      decisions: 0,
    };
    let last = '';
    found.forEach((r, i) => {
      rows.features.set(r.features.map(Number), i * f);
      rows.chosen[i] = r.chosen ? 1 : 0;
      rows.cost[i] = Number(r.cost);
      rows.episode[i] = r.episode;
      const key = `${r.episode}:${r.decision}`;
      if (key !== last) rows.decisions++;
      last = key;
      rows.group[i] = rows.decisions - 1;
    });
    return rows;
  }

  /** Stops running jobs at their next epoch and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.jobs]);
  }
}

function emptyMetrics(seed: number): ModelMetrics {
  return { epochs: [], trainRows: 0, valRows: 0, decisions: 0, valMae: null, seconds: 0, seed };
}
