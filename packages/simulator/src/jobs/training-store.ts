/**
 * The SQL a training consumer runs on the models and training tables (the same on every consumer,
 * over postgres.js or PGlite): claim the model, read its dataset's labelled rows, write each epoch,
 * the weights at the end, or the failure.
 */
import { decisionFeatureNames, type LearnedObjective, type ModelMetrics } from '@hoistway/shared-types';
import { labelObjective } from '../training/rollout-labels.js';
import { featureMismatch } from '../training/model-registry.js';
import type { TrainedNetwork, TrainingRows } from '../training/train-network.js';
import type { SqlQuery } from './run-task-job.js';

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const json = (stored: unknown): unknown => (typeof stored === 'string' ? JSON.parse(stored) : stored);

export const emptyMetrics = (seed: number): ModelMetrics => ({
  epochs: [],
  trainRows: 0,
  valRows: 0,
  decisions: 0,
  valMae: null,
  seconds: 0,
  seed,
});

export class TrainingStore {
  constructor(private readonly query: SqlQuery) {}

  /**
   * Starts (or restarts, after a killed worker) the model's training: its curve starts again from
   * the first epoch. False when the model is no longer training (cancelled, failed, finished, deleted).
   */
  async begin(modelId: string, seed: number): Promise<boolean> {
    const rows = await this.query(
      `update models set metrics = $2::text::jsonb, error = null where id = $1 and status = 'training' returning id`,
      [modelId, JSON.stringify(emptyMetrics(seed))],
    );
    return rows.length > 0;
  }

  /** The dataset's labelled rows, one episode per query (the caller's event loop gets turns). */
  async loadRows(
    datasetId: string,
    maxRows: number,
  ): Promise<{ rows: TrainingRows; objective: LearnedObjective }> {
    const [dataset] = await this.query(`select feature_names, config from datasets where id = $1`, [
      datasetId,
    ]);
    if (!dataset) throw new Error('the dataset was deleted before training started');
    const mismatch = featureMismatch(dataset['feature_names'] as string[]);
    if (mismatch) throw new Error(`the dataset cannot train a model: ${mismatch}`);
    const config = (json(dataset['config']) ?? {}) as Record<string, unknown>;
    const objective = labelObjective(config['labels']);

    const episodes = await this.query(
      `select distinct episode from training_samples where dataset_id = $1 order by episode`,
      [datasetId],
    );
    const f = decisionFeatureNames.length;
    const parts: {
      episode: number;
      decision: number;
      features: number[];
      chosen: boolean;
      cost: number;
    }[][] = [];
    let n = 0;
    for (const e of episodes) {
      if (n >= maxRows) break;
      const part = (await this.query(
        `select episode, decision, features, chosen, cost from training_samples
         where dataset_id = $1 and episode = $2 and cost is not null
         order by decision, candidate limit $3`,
        [datasetId, e['episode'], maxRows - n],
      )) as (typeof parts)[number];
      parts.push(part);
      n += part.length;
      // A macrotask turn per episode: on embedded PGlite a query runs on this thread and resolves
      // without one, so back-to-back queries would otherwise hold the event loop for the whole read.
      await yieldTurn();
    }
    const rows: TrainingRows = {
      featureNames: [...decisionFeatureNames],
      features: new Float32Array(n * f),
      chosen: new Uint8Array(n),
      cost: new Float32Array(n),
      episode: new Int32Array(n),
      group: new Int32Array(n),
      decisions: 0,
    };
    let i = 0;
    for (const part of parts) {
      let last = -1;
      for (const r of part) {
        rows.features.set(r.features.map(Number), i * f);
        rows.chosen[i] = r.chosen ? 1 : 0;
        rows.cost[i] = Number(r.cost);
        rows.episode[i] = Number(r.episode);
        if (r.decision !== last) rows.decisions++;
        last = r.decision;
        rows.group[i] = rows.decisions - 1;
        i++;
      }
      await yieldTurn();
    }
    if (n === 0) throw new Error('the dataset has no labelled rows');
    return { rows, objective };
  }

  /** Writes the curve so far; false when the model is no longer training (a cancel). */
  async progress(modelId: string, metrics: ModelMetrics): Promise<boolean> {
    const rows = await this.query(
      `update models set metrics = $2::text::jsonb where id = $1 and status = 'training' returning id`,
      [modelId, JSON.stringify(metrics)],
    );
    return rows.length > 0;
  }

  /** The weights: the model is ready (unless it was cancelled meanwhile). */
  async finish(modelId: string, trained: TrainedNetwork): Promise<boolean> {
    const rows = await this.query(
      `update models set status = 'ready', network = $2::text::jsonb, metrics = $3::text::jsonb,
         library = $4, error = null
       where id = $1 and status = 'training' returning id`,
      [modelId, JSON.stringify(trained.network), JSON.stringify(trained.metrics), trained.library],
    );
    return rows.length > 0;
  }

  async fail(modelId: string, message: string): Promise<void> {
    await this.query(
      `update models set status = 'failed', error = $2 where id = $1 and status = 'training'`,
      [modelId, message.slice(0, 2000)],
    );
  }

  /** Of these models, the ones no longer training. */
  async inactive(modelIds: string[]): Promise<Set<string>> {
    if (modelIds.length === 0) return new Set();
    const rows = await this.query(
      `select id::text as id from models where id = any(string_to_array($1, ',')::uuid[]) and status = 'training'`,
      [modelIds.join(',')],
    );
    const training = new Set(rows.map((r) => String(r['id'])));
    return new Set(modelIds.filter((id) => !training.has(id)));
  }
}
