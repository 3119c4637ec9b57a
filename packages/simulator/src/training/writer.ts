/**
 * The database edge of `generate`: connects, migrates, creates or reopens a dataset, and writes each
 * episode in ONE transaction (COPY of its samples + its dataset_episodes row + the dataset's counters),
 * so a killed run never leaves a partial episode and --resume knows exactly what is done.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isDeepStrictEqual } from 'node:util';
import type postgres from 'postgres';
import { decisionFeatureNames, type Building, type Traffic } from '@hoistway/shared-types';
import { migrateWithLock } from '@hoistway/shared-types/db';
import { copyTrainingSamplesSql, encodeSampleChunks } from './copy-text.js';
import { createPgClient } from './pg-client.js';
import { DatabaseConnectionError, DatasetConflictError } from './errors.js';
import type { EpisodeRows } from './sample.js';
import type { GenerationSettings } from './settings.js';

export interface DatasetDefinition {
  name: string;
  building: Building;
  traffic: Traffic;
  settings: GenerationSettings;
}

export interface OpenedDataset {
  id: string;
  name: string;
  /** False when an existing dataset was reopened with --resume. */
  created: boolean;
  /** Episodes already committed (skipped on --resume). */
  completedEpisodes: ReadonlySet<number>;
}

type Sql = postgres.Sql;

/** `postgres://user@host:port/db` without the password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function connectionError(url: string, error: unknown): DatabaseConnectionError {
  const e = error as { code?: string; message?: string };
  const reason = e.message && e.message !== '' ? e.message : (e.code ?? String(error));
  return new DatabaseConnectionError(`cannot connect to the database ${describeDatabaseUrl(url)}: ${reason}`);
}

function openClient(url: string, max: number): Sql {
  try {
    return createPgClient(url, max);
  } catch (error) {
    throw connectionError(url, error);
  }
}

/** Applies the shared Drizzle migrations on one dedicated connection (see migrateWithLock). */
export async function applyMigrations(url: string): Promise<void> {
  const client = openClient(url, 1);
  try {
    try {
      await client`SELECT 1`;
    } catch (error) {
      throw connectionError(url, error);
    }
    await migrateWithLock(client);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** The stored form of a JS value (what jsonb gives back, key order aside). */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Which inputs of a --resume differ from the stored dataset (episodes requested may change). */
export function resumeMismatches(
  stored: { building: unknown; traffic: unknown; config: unknown },
  wanted: DatasetDefinition,
): string[] {
  const out: string[] = [];
  if (!isDeepStrictEqual(stored.building, asJson(wanted.building))) out.push('building');
  if (!isDeepStrictEqual(stored.traffic, asJson(wanted.traffic))) out.push('traffic');
  const storedConfig = (stored.config ?? {}) as Record<string, unknown>;
  const wantedConfig = asJson(wanted.settings) as Record<string, unknown>;
  for (const key of Object.keys(wantedConfig)) {
    if (key === 'episodes') continue;
    if (!isDeepStrictEqual(storedConfig[key], wantedConfig[key]))
      out.push(key === 'seed' ? 'seed' : `settings.${key}`);
  }
  return out;
}

/** First key of the dataset advisory locks (ASCII "HwDs"); the second is the name's hash. */
const DATASET_LOCK_NAMESPACE = 0x48774473;

export class TrainingDataWriter {
  private constructor(private readonly sql: Sql) {}

  /** Connects (checking the server answers) and applies migrations. */
  static async connect(url: string): Promise<TrainingDataWriter> {
    await applyMigrations(url);
    return new TrainingDataWriter(openClient(url, 1));
  }

  /**
   * Creates the dataset, or with `resume` reopens it after checking building, traffic and settings
   * match. Without `resume` an existing name is a conflict.
   */
  async openDataset(definition: DatasetDefinition, options: { resume: boolean }): Promise<OpenedDataset> {
    const { name, building, traffic, settings } = definition;
    await this.lockDataset(name);
    const inserted = await this.sql<{ id: string }[]>`
      INSERT INTO datasets (name, building, traffic, config, feature_names)
      VALUES (${name}, ${this.sql.json(asJson(building) as postgres.JSONValue)},
              ${this.sql.json(asJson(traffic) as postgres.JSONValue)},
              ${this.sql.json(asJson(settings) as postgres.JSONValue)}, ${[...decisionFeatureNames]})
      ON CONFLICT (name) DO NOTHING
      RETURNING id`;
    if (inserted[0]) return { id: inserted[0].id, name, created: true, completedEpisodes: new Set() };

    if (!options.resume)
      throw new DatasetConflictError(
        `dataset "${name}" already exists; use --resume to continue it, or choose another --dataset name`,
      );
    const [stored] = await this.sql<{ id: string; building: unknown; traffic: unknown; config: unknown }[]>`
      SELECT id, building, traffic, config FROM datasets WHERE name = ${name}`;
    if (!stored) throw new DatasetConflictError(`dataset "${name}" disappeared while opening it`);
    const mismatches = resumeMismatches(stored, definition);
    if (mismatches.length > 0)
      throw new DatasetConflictError(
        `cannot resume dataset "${name}": ${mismatches.join(', ')} ${mismatches.length === 1 ? 'differs' : 'differ'} from the stored dataset; use the same inputs or another --dataset name`,
      );
    // A resume may ask for more episodes than before (never records fewer than were asked once).
    await this.sql`
      UPDATE datasets
      SET config = jsonb_set(config, '{episodes}', to_jsonb(GREATEST((config->>'episodes')::int, ${settings.episodes}::int))),
        updated_at = now()
      WHERE id = ${stored.id}`;
    const done = await this.sql<
      { episode: number }[]
    >`SELECT episode FROM dataset_episodes WHERE dataset_id = ${stored.id}`;
    return { id: stored.id, name, created: false, completedEpisodes: new Set(done.map((r) => r.episode)) };
  }

  /**
   * One writer per dataset at a time: a session advisory lock on its name, held by this writer's one
   * connection until it closes. A second `generate` (say two `--resume` of one dataset) is refused with a
   * clear message instead of both computing the same episodes and one failing on a duplicate key.
   */
  private async lockDataset(name: string): Promise<void> {
    const [row] = await this.sql<{ locked: boolean }[]>`
      SELECT pg_try_advisory_lock(${DATASET_LOCK_NAMESPACE}::int, hashtext(${name})) AS locked`;
    if (!row?.locked)
      throw new DatasetConflictError(
        `dataset "${name}" is being written by another generate right now; wait for it to finish (then --resume completes what is left), or choose another --dataset name`,
      );
  }

  /**
   * One transaction: COPY the samples, record the episode, bump the dataset's counters. The commit is
   * asynchronous (synchronous_commit off, for this transaction only): atomicity is unchanged, so an
   * episode is still all-or-nothing, and a server crash can only lose the last committed episodes
   * whole, which --resume regenerates exactly. It saves a WAL flush per episode.
   */
  async writeEpisode(datasetId: string, episode: EpisodeRows): Promise<void> {
    const rows = episode.samples.length;
    try {
      await this.writeEpisodeOnce(datasetId, episode, rows);
    } catch (error) {
      // Only a writer that bypassed the dataset lock can get here (another tool writing the dataset).
      if ((error as { code?: string }).code === '23505')
        throw new DatasetConflictError(
          `episode ${episode.episode} of this dataset was written by another process meanwhile; run --resume again once it has finished`,
        );
      throw error;
    }
  }

  private async writeEpisodeOnce(datasetId: string, episode: EpisodeRows, rows: number): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`SET LOCAL synchronous_commit = off`;
      const copy = await tx.unsafe(copyTrainingSamplesSql).writable();
      await pipeline(Readable.from(encodeSampleChunks(episode.samples, datasetId)), copy);
      // One round trip for the bookkeeping; the primary key refuses an episode written twice.
      await tx`
        WITH recorded AS (
          INSERT INTO dataset_episodes (dataset_id, episode, seed, rows, decisions)
          VALUES (${datasetId}, ${episode.episode}, ${episode.seed}, ${rows}, ${episode.decisions})
          RETURNING dataset_id, rows
        )
        UPDATE datasets SET episodes_completed = episodes_completed + 1, row_count = row_count + recorded.rows,
          updated_at = now()
        FROM recorded WHERE datasets.id = recorded.dataset_id`;
    });
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}

/** A client of one connection to a migrated database (train, model, learned dispatchers). */
export async function openMigratedClient(url: string): Promise<Sql> {
  await applyMigrations(url);
  return openClient(url, 1);
}
