import { datasetEpisodes, datasets, trainingSamples } from '@hoistway/shared-types/db';
import { decisionFeatureNames } from '@hoistway/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let datasetId: string;
const inject = injector(() => t.app);
const features = [...decisionFeatureNames];

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.db.database;
  // Two episodes of 3 decisions × 2 candidates, as `hoistway-sim generate` writes them.
  const [row] = await db
    .insert(datasets)
    .values({
      name: 'lunch-small',
      building: officeBuilding('Dataset office') as never,
      traffic: { kind: 'template', template: 'lunch', intensity: 12 },
      config: { seed: 7, episodes: 4, duration: 1800 },
      featureNames: features,
    })
    .returning({ id: datasets.id });
  datasetId = row!.id;
  for (const episode of [0, 1]) {
    const samples: (typeof trainingSamples.$inferInsert)[] = [];
    for (let decision = 0; decision < 3; decision++)
      for (let candidate = 0; candidate < 2; candidate++)
        samples.push({
          datasetId,
          episode,
          decision,
          simTime: 10 * decision,
          candidate,
          carId: `A${candidate + 1}`,
          // feature k of candidate c: k + c (so per-feature min k, max k + 1, mean k + 0.5)
          features: features.map((_, k) => k + candidate),
          chosen: candidate === 0,
          policy: decision === 2 ? 'random' : 'eta',
          waitTime: candidate === 0 ? 12.5 : null,
          rideTime: candidate === 0 ? 30 : null,
          passengers: candidate === 0 ? 1 : 0,
        });
    await db.transaction(async (tx) => {
      await tx.insert(trainingSamples).values(samples);
      await tx
        .insert(datasetEpisodes)
        .values({ datasetId, episode, seed: 7 + episode, rows: samples.length, decisions: 3 });
    });
  }
  const { sql } = await import('drizzle-orm');
  await db.update(datasets).set({ episodesCompleted: 2, rowCount: 12, updatedAt: sql`now()` });
});
afterAll(() => t.close());

describe('datasets', () => {
  it('lists datasets with their size', async () => {
    const res = await inject('GET', '/api/datasets');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: datasetId,
        name: 'lunch-small',
        buildingName: 'Dataset office',
        episodesRequested: 4,
        episodesCompleted: 2,
        rowCount: 12,
        featureNames: features,
      }),
    ]);
    expect(res.json().nextCursor).toBeNull();
    expect((await inject('GET', '/api/datasets?limit=-1')).statusCode).toBe(400);
  });

  it('summarises features, policies and decisions of one dataset', async () => {
    const res = await inject('GET', `/api/datasets/${datasetId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.sampledRows).toBe(12);
    expect(body.decisions).toBe(6);
    expect(body.featureSummary).toHaveLength(features.length);
    body.featureSummary.forEach(
      (f: { name: string; min: number; max: number; mean: number; std: number }, k: number) => {
        expect(f).toEqual({ name: features[k], min: k, max: k + 1, mean: k + 0.5, std: 0.5 });
      },
    );
    expect(body.policies).toEqual([
      { policy: 'eta', rows: 8, chosen: 4 },
      { policy: 'random', rows: 4, chosen: 2 },
    ]);
    expect(body.config).toEqual({ seed: 7, episodes: 4, duration: 1800 });
  });

  it('404s unknown ids, 400s malformed ones, deletes with its samples', async () => {
    expect((await inject('GET', '/api/datasets/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await inject('GET', '/api/datasets/zzz')).statusCode).toBe(400);
    expect((await inject('DELETE', `/api/datasets/${datasetId}`)).statusCode).toBe(204);
    expect((await inject('DELETE', `/api/datasets/${datasetId}`)).statusCode).toBe(404);
    const left = await t.db.database.db.select().from(trainingSamples);
    expect(left).toEqual([]);
  });
});
