/**
 * The model registry in PostgreSQL (table `models`, shared Drizzle schema) as the CLI uses it:
 * reading a dataset's labelled rows for training, registering a trained model as the next version
 * of its name, resolving `name`, `name@version` or an id to a model, listing, export and import.
 */
import type postgres from 'postgres';
import {
  decisionFeatureNames,
  modelFileSchema,
  MODEL_FILE_KIND,
  parseModelRef,
  type LearnedModelSpec,
  type LearnedNetwork,
  type LearnedObjective,
  type ModelFile,
  type ModelMetrics,
} from '@hoistway/shared-types';
import { checkNetworkFeatures } from '../engine/dispatchers/learned.js';
import { labelObjective } from './rollout-labels.js';
import { TrainingInputError, UnknownModelError } from './errors.js';
import type { TrainingRows } from './train-network.js';

type Sql = postgres.Sql;

export interface DatasetRef {
  id: string;
  name: string;
}

export interface LoadedTrainingData {
  rows: TrainingRows;
  datasets: DatasetRef[];
  objective: LearnedObjective;
}

/** Why a dataset's feature list cannot train a model for this engine, or null if it can. */
export function featureMismatch(featureNames: readonly string[]): string | null {
  const engine: readonly string[] = decisionFeatureNames;
  if (featureNames.length === engine.length && featureNames.every((f, i) => f === engine[i])) return null;
  return `its features (${featureNames.join(', ')}) do not match the engine's (${engine.join(', ')}); generate it again with this version`;
}

/** Labelled candidate rows of the named datasets (rows with a rollout label only). */
export async function loadTrainingRows(
  sql: Sql,
  datasetNames: readonly string[],
): Promise<LoadedTrainingData> {
  const datasets: DatasetRef[] = [];
  let objective: LearnedObjective | null = null;
  for (const name of datasetNames) {
    const [row] = await sql<
      { id: string; name: string; feature_names: string[]; config: Record<string, unknown> }[]
    >`
      SELECT id, name, feature_names, config FROM datasets WHERE name = ${name}`;
    if (!row) throw new TrainingInputError(`--dataset: unknown dataset "${name}"`);
    const mismatch = featureMismatch(row.feature_names);
    if (mismatch) throw new TrainingInputError(`--dataset: dataset "${name}" cannot be used: ${mismatch}`);
    const o = labelObjective(row.config['labels']);
    if (objective && (objective.horizon !== o.horizon || objective.ridingWeight !== o.ridingWeight))
      throw new TrainingInputError(
        `--dataset: datasets measure cost differently (horizon or riding weight); train on one kind at a time`,
      );
    objective = o;
    datasets.push({ id: row.id, name: row.name });
  }
  const f = decisionFeatureNames.length;
  let cap = 1 << 16;
  let features = new Float32Array(cap * f);
  let chosen = new Uint8Array(cap);
  let cost = new Float32Array(cap);
  let episode = new Int32Array(cap);
  let group = new Int32Array(cap);
  let n = 0;
  let decisions = 0;
  for (const [k, dataset] of datasets.entries()) {
    let last = '';
    const cursor = sql<
      { episode: number; decision: number; features: number[]; chosen: boolean; cost: number }[]
    >`
      SELECT episode, decision, features, chosen, cost FROM training_samples
      WHERE dataset_id = ${dataset.id} AND cost IS NOT NULL
      ORDER BY episode, decision, candidate`.cursor(5000);
    for await (const batch of cursor) {
      for (const r of batch) {
        if (n === cap) {
          cap *= 2;
          const grow = <T extends Float32Array | Uint8Array | Int32Array>(
            a: T,
            make: (m: number) => T,
            w = 1,
          ) => {
            const b = make(cap * w);
            b.set(a);
            return b;
          };
          features = grow(features, (m) => new Float32Array(m), f);
          chosen = grow(chosen, (m) => new Uint8Array(m));
          cost = grow(cost, (m) => new Float32Array(m));
          episode = grow(episode, (m) => new Int32Array(m));
          group = grow(group, (m) => new Int32Array(m));
        }
        if (r.features.length !== f)
          throw new TrainingInputError(
            `--dataset: dataset "${dataset.name}" has rows with ${r.features.length} features, expected ${f}`,
          );
        features.set(r.features, n * f);
        chosen[n] = r.chosen ? 1 : 0;
        cost[n] = r.cost;
        // Episodes of different datasets stay apart (the validation split is by episode).
        episode[n] = k * 1_000_000 + r.episode;
        const key = `${r.episode}:${r.decision}`;
        if (key !== last) decisions++;
        last = key;
        group[n] = decisions - 1;
        n++;
      }
    }
  }
  if (n === 0)
    throw new TrainingInputError(
      `--dataset: ${datasetNames.map((d) => `"${d}"`).join(', ')} has no labelled rows (empty, or too few decisions with a choice of cars: generate more episodes)`,
    );
  return {
    rows: {
      featureNames: [...decisionFeatureNames],
      features: features.subarray(0, n * f),
      chosen: chosen.subarray(0, n),
      cost: cost.subarray(0, n),
      episode: episode.subarray(0, n),
      group: group.subarray(0, n),
      decisions,
    },
    datasets,
    objective: objective ?? labelObjective(undefined),
  };
}

export interface NewModel {
  name: string;
  datasets: DatasetRef[];
  library: string;
  metrics: ModelMetrics;
  network: LearnedNetwork;
  createdAt?: string;
}

export interface RegisteredModel {
  id: string;
  name: string;
  version: number;
}

/** Registers the model as the next version of its name. */
export async function insertModel(sql: Sql, model: NewModel): Promise<RegisteredModel> {
  const json = (v: unknown) => sql.json(JSON.parse(JSON.stringify(v)) as postgres.JSONValue);
  const [row] = await sql<{ id: string; version: number }[]>`
    INSERT INTO models (name, version, status, datasets, feature_names, library, metrics, network, created_at)
    SELECT ${model.name}, coalesce(max(version), 0) + 1, 'ready', ${json(model.datasets)},
      ${model.network.featureNames}, ${model.library}, ${json(model.metrics)}, ${json(model.network)},
      ${model.createdAt ?? new Date().toISOString()}
    FROM models WHERE name = ${model.name}
    RETURNING id, version`;
  return { id: row!.id, name: model.name, version: row!.version };
}

interface ModelRecord {
  id: string;
  name: string;
  version: number;
  status: string;
  datasets: DatasetRef[];
  feature_names: string[];
  library: string;
  metrics: ModelMetrics | null;
  network: LearnedNetwork | null;
  created_at: Date;
}

async function findModel(sql: Sql, ref: string): Promise<ModelRecord> {
  const parsed = parseModelRef(ref);
  const rows =
    'id' in parsed
      ? await sql<ModelRecord[]>`SELECT * FROM models WHERE id = ${parsed.id}`
      : parsed.version !== undefined
        ? await sql<
            ModelRecord[]
          >`SELECT * FROM models WHERE name = ${parsed.name} AND version = ${parsed.version}`
        : await sql<ModelRecord[]>`
            SELECT * FROM models WHERE name = ${parsed.name} AND status = 'ready'
            ORDER BY version DESC LIMIT 1`;
  const row = rows[0];
  if (!row || row.status !== 'ready' || !row.network) throw new UnknownModelError(`unknown model "${ref}"`);
  return row;
}

/** The model a dispatcher config names, checked against the engine's features. */
export async function resolveModel(sql: Sql, ref: string): Promise<LearnedModelSpec> {
  const row = await findModel(sql, ref);
  const network = row.network!;
  checkNetworkFeatures(network, `"${row.name}" (version ${row.version})`);
  return { id: row.id, name: row.name, version: row.version, network };
}

export interface ModelListEntry {
  id: string;
  name: string;
  version: number;
  status: string;
  datasets: string[];
  createdAt: string;
  finalLoss: number | null;
  finalValLoss: number | null;
}

export async function listModels(sql: Sql): Promise<ModelListEntry[]> {
  const rows = await sql<ModelRecord[]>`SELECT * FROM models ORDER BY name, version`;
  return rows.map((r) => {
    const last = r.metrics?.epochs.at(-1);
    return {
      id: r.id,
      name: r.name,
      version: r.version,
      status: r.status,
      datasets: r.datasets.map((d) => d.name),
      createdAt: new Date(r.created_at).toISOString(),
      finalLoss: last?.loss ?? null,
      finalValLoss: last?.valLoss ?? null,
    };
  });
}

export async function exportModel(sql: Sql, ref: string): Promise<ModelFile> {
  const r = await findModel(sql, ref);
  return {
    kind: MODEL_FILE_KIND,
    name: r.name,
    version: r.version,
    datasets: r.datasets,
    library: r.library,
    metrics: r.metrics!,
    createdAt: new Date(r.created_at).toISOString(),
    network: r.network!,
  };
}

/** Parses a model file (JSON text) and checks it fits this engine. */
export function parseModelFile(text: string, source: string): ModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrainingInputError(`${source}: not JSON`);
  }
  const parsed = modelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TrainingInputError(`${source}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
  }
  try {
    checkNetworkFeatures(parsed.data.network, `in ${source}`);
  } catch (error) {
    throw new TrainingInputError((error as Error).message);
  }
  return parsed.data;
}

/** Imports a model file as the next version of its name (or of `name`, if given). */
export async function importModel(sql: Sql, file: ModelFile, name?: string): Promise<RegisteredModel> {
  return insertModel(sql, {
    name: name ?? file.name,
    datasets: file.datasets,
    library: file.library,
    metrics: file.metrics,
    network: file.network,
    createdAt: file.createdAt,
  });
}
