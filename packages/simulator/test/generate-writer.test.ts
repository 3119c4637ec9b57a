import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { decisionFeatureNames } from '@hoistway/shared-types';
import { TrainingDataWriter } from '../src/training/writer.js';
import { DatabaseConnectionError, DatasetConflictError } from '../src/training/errors.js';
import { available, createTestDatabase, reason } from './generate-test-db.js';
import { lunchTraffic, settings, smallBuilding, syntheticSamples } from './generate-fixtures.js';

describe.skipIf(!available)(
  `TrainingDataWriter (COPY path) ${available ? '' : `— skipped: ${reason}`}`,
  () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let writer: TrainingDataWriter;
    let sql: postgres.Sql;

    beforeAll(async () => {
      db = await createTestDatabase();
      writer = await TrainingDataWriter.connect(db.url);
      sql = postgres(db.url, { max: 1, onnotice: () => {} });
    });
    afterAll(async () => {
      await writer?.close();
      await sql?.end({ timeout: 5 });
      await db?.drop();
    });

    const definition = (name: string, overrides = {}) => ({
      name,
      building: smallBuilding,
      traffic: lunchTraffic,
      settings: settings(overrides),
    });

    it('COPYs an episode with its bookkeeping in one go, values intact', async () => {
      const opened = await writer.openDataset(definition('copy-path'), { resume: false });
      expect(opened.created).toBe(true);
      const samples = syntheticSamples(0, 50, 3);
      // Characters the COPY text format must escape.
      samples[1] = { ...samples[1]!, carId: 'odd\tid\\with\nnewline' };
      await writer.writeEpisode(opened.id, { episode: 0, seed: 7, decisions: 50, samples });

      const rows = await sql<
        {
          decision: number;
          candidate: number;
          car_id: string;
          features: number[];
          chosen: boolean;
          wait_time: number | null;
          policy: string;
        }[]
      >`SELECT decision, candidate, car_id, features, chosen, wait_time, policy FROM training_samples
      WHERE dataset_id = ${opened.id} ORDER BY decision, candidate`;
      expect(rows).toHaveLength(150);
      expect(rows[1]!.car_id).toBe('odd\tid\\with\nnewline');
      expect(rows[3]).toEqual({
        decision: 1,
        candidate: 0,
        car_id: 'A1',
        features: [1, 0, 0.5, -1.5, 0, 1, 0, 2, 3.25, 4, 1.5, 2.5, 3],
        chosen: true,
        wait_time: 11,
        policy: 'random',
      });
      expect(rows[0]!.wait_time).toBeNull();
      const [dataset] = await sql<
        { episodes_completed: number; row_count: string; feature_names: string[] }[]
      >`
      SELECT episodes_completed, row_count, feature_names FROM datasets WHERE id = ${opened.id}`;
      expect(dataset).toMatchObject({ episodes_completed: 1, row_count: '150' });
      expect(dataset!.feature_names).toHaveLength(decisionFeatureNames.length);
      const episodes =
        await sql`SELECT episode, rows, decisions FROM dataset_episodes WHERE dataset_id = ${opened.id}`;
      expect(episodes.map((e) => ({ ...e }))).toEqual([{ episode: 0, rows: 150, decisions: 50 }]);
    });

    it('rolls the whole episode back when its bookkeeping fails (no partial episode)', async () => {
      const opened = await writer.openDataset(definition('atomic'), { resume: false });
      await writer.writeEpisode(opened.id, {
        episode: 0,
        seed: 7,
        decisions: 10,
        samples: syntheticSamples(0, 10, 3),
      });
      // Same episode again: the COPY succeeds, the dataset_episodes primary key then fails the transaction.
      await expect(
        writer.writeEpisode(opened.id, {
          episode: 0,
          seed: 7,
          decisions: 20,
          samples: syntheticSamples(0, 20, 3),
        }),
      ).rejects.toThrow(/episode 0 of this dataset was written by another process/);
      const [count] = await sql<
        { n: string }[]
      >`SELECT count(*) AS n FROM training_samples WHERE dataset_id = ${opened.id}`;
      expect(Number(count!.n)).toBe(30);
    });

    it('refuses an existing name without --resume, reopens it with --resume, rejects changed inputs', async () => {
      const first = await writer.openDataset(definition('reopen'), { resume: false });
      await writer.writeEpisode(first.id, {
        episode: 1,
        seed: 8,
        decisions: 2,
        samples: syntheticSamples(1, 2, 3),
      });
      await expect(writer.openDataset(definition('reopen'), { resume: false })).rejects.toThrow(
        /already exists.*--resume/,
      );

      const again = await writer.openDataset(definition('reopen', { episodes: 9 }), { resume: true });
      expect(again).toMatchObject({ id: first.id, created: false });
      expect([...again.completedEpisodes]).toEqual([1]);
      await writer.openDataset(definition('reopen', { episodes: 4 }), { resume: true });
      const [stored] = await sql<
        { config: { episodes: number } }[]
      >`SELECT config FROM datasets WHERE id = ${first.id}`;
      expect(stored!.config.episodes).toBe(9);

      await expect(writer.openDataset(definition('reopen', { seed: 8 }), { resume: true })).rejects.toThrow(
        DatasetConflictError,
      );
      await expect(
        writer.openDataset(
          { ...definition('reopen'), traffic: { kind: 'template', template: 'lunch', intensity: 20 } },
          { resume: true },
        ),
      ).rejects.toThrow(/traffic differ/);
    });

    it('one writer per dataset: a second one (two --resume at once) is refused until the first closes', async () => {
      await writer.openDataset(definition('clash'), { resume: false });
      const other = await TrainingDataWriter.connect(db.url);
      try {
        const refused = other.openDataset(definition('clash'), { resume: true });
        await expect(refused).rejects.toBeInstanceOf(DatasetConflictError);
        await expect(other.openDataset(definition('clash'), { resume: true })).rejects.toThrow(
          /dataset "clash" is being written by another generate right now/,
        );
        // Another dataset is not blocked.
        await other.openDataset(definition('clash-other'), { resume: false });
      } finally {
        await other.close();
      }
    });
  },
);

describe('TrainingDataWriter connection errors', () => {
  it('reports an unreachable server as a DatabaseConnectionError without the password', async () => {
    const error = await TrainingDataWriter.connect('postgres://u:secret@127.0.0.1:1/nowhere').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as Error).message).toMatch(
      /cannot connect to the database postgres:\/\/u@127\.0\.0\.1:1\/nowhere/,
    );
    expect((error as Error).message).not.toContain('secret');
  });
});
