/**
 * Evaluating a model over REST (POST /api/models/:id/evaluate): a comparison run of the model against
 * the five heuristics whose summary is stored with the model, as `hoistway-sim evaluate` stores it;
 * bad requests are 4xx naming the field, seeds of the model's training episodes included.
 */
import { modelEvaluationSchema } from '@hoistway/shared-types';
import { summariseEvaluation } from '@hoistway/simulator/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../helpers/datasets.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let buildingId: string;
let modelId: string;
let trainingSeeds: number[];
const inject = injector(() => t.app);

async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  // The fake executor: KPIs are a known function of dispatcher and seed (AWT = 20 + seed + name length).
  t = await createTestApp();
  buildingId = (await inject('POST', '/api/buildings', officeBuilding('Eval'))).json().id;
  const dataset = await generateDataset(inject, {
    name: 'eval-small',
    buildingId,
    episodes: 2,
    duration: 600,
  });
  const train = await inject('POST', '/api/models/train', {
    datasetId: dataset.id,
    name: 'ev',
    epochs: 1,
  });
  expect(train.statusCode, train.body).toBe(202);
  modelId = train.json().id;
  const model = await waitFor(
    'training',
    async () => (await inject('GET', `/api/models/${modelId}`)).json(),
    (m) => m.status !== 'training',
  );
  expect(model.status, model.error).toBe('ready');
  const rows = await t.db.database.query('select seed from dataset_episodes where dataset_id = $1', [
    dataset.id,
  ]);
  trainingSeeds = rows.map((r) => Number(r['seed']));
}, 120_000);
afterAll(() => t.close());

describe('POST /api/models/:id/evaluate', () => {
  it('runs the model against the five heuristics and stores the evaluation with the model', async () => {
    const seedStart = Math.max(...trainingSeeds) + 1;
    const res = await inject('POST', `/api/models/${modelId}/evaluate`, {
      buildingId,
      traffic: { kind: 'template', template: 'lunch', intensity: 10 },
      seeds: 3,
      seedStart,
      duration: 900,
      warmUp: 60,
    });
    expect(res.statusCode, res.body).toBe(202);
    const run = res.json();
    expect(run.progress.total).toBe(18);
    expect(run.request.seeds).toEqual([seedStart, seedStart + 1, seedStart + 2]);
    // The model shows its evaluation run (the web app polls it for progress).
    const during = (await inject('GET', `/api/models/${modelId}`)).json();
    expect(during.evaluationRun.id).toBe(run.id);

    await t.app.services.runManager.settled(run.id);
    const finished = (await inject('GET', `/api/runs/${run.id}`)).json();
    expect(finished.status, finished.error).toBe('finished');
    const model = (await inject('GET', `/api/models/${modelId}`)).json();
    expect(model.evaluationRun).toMatchObject({
      id: run.id,
      status: 'finished',
      progress: { done: 18, total: 18 },
    });
    const evaluation = modelEvaluationSchema.parse(model.evaluation);
    expect(evaluation).toMatchObject({
      building: 'Eval',
      traffic: 'lunch, 10% of population per 5 min',
      duration: 900,
      warmUp: 60,
      seeds: [seedStart, seedStart + 1, seedStart + 2],
      dispatchers: ['collective', 'nearest', 'sectoring', 'eta', 'destination', 'learned:ev@1'],
      learned: 'learned:ev@1',
      // The fake AWT grows with the name's length: eta is the best heuristic, learned 4 s worse on every seed.
      bestHeuristic: 'eta',
    });
    expect(evaluation.pairedAwtDifference.mean).toBeCloseTo(4, 9);
    expect(evaluation.kpis.awt['eta']!.mean).toBeCloseTo(20 + seedStart + 1 + 3, 9);

    // Exactly the CLI's summary of the same per-seed results.
    const tasks = await t.app.services.runs.storedTasks(run.id);
    const runs: Record<string, (typeof tasks)[number]['results'][]> = {};
    for (const task of tasks) (runs[task.label] ??= []).push(task.results);
    const cli = summariseEvaluation(runs, 'learned:ev@1', evaluation);
    expect(evaluation).toEqual(JSON.parse(JSON.stringify(cli)));
  });

  it("refuses seeds of the model's training episodes, naming seedStart", async () => {
    const res = await inject('POST', `/api/models/${modelId}/evaluate`, {
      buildingId,
      seeds: 2,
      seedStart: trainingSeeds[0],
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details[0].path).toBe('seedStart');
    expect(res.json().details[0].message).toContain(`${trainingSeeds[0]}`);
    expect(res.json().details[0].message).toContain('trained ev@1');
  });

  it('answers 4xx naming the field for an unknown building, model or bad seeds', async () => {
    const unknownBuilding = await inject('POST', `/api/models/${modelId}/evaluate`, {
      buildingId: '00000000-0000-4000-8000-000000000000',
      seeds: 2,
      seedStart: 9000,
    });
    expect(unknownBuilding.statusCode).toBe(404);
    expect(unknownBuilding.json().details[0].path).toBe('buildingId');

    const unknownModel = await inject('POST', `/api/models/00000000-0000-4000-8000-000000000000/evaluate`, {
      buildingId,
      seeds: 2,
      seedStart: 9000,
    });
    expect(unknownModel.statusCode).toBe(404);

    const oneSeed = await inject('POST', `/api/models/${modelId}/evaluate`, { buildingId, seeds: 1 });
    expect(oneSeed.statusCode).toBe(400);
    expect(oneSeed.json().details[0].path).toBe('seeds');

    const badTraffic = await inject('POST', `/api/models/${modelId}/evaluate`, {
      buildingId,
      seeds: 2,
      seedStart: 9000,
      traffic: { kind: 'template', template: 'nope', intensity: 10 },
    });
    expect(badTraffic.statusCode).toBe(400);
    expect(badTraffic.json().details[0].path).toMatch(/^traffic/);
  });
});
