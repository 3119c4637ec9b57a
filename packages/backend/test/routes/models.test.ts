/**
 * Learned dispatchers over REST: generate a small dataset, train a model in the background (with
 * its training curve), use it in sessions, runs and live dispatcher switches; an unknown model is a
 * 400 naming the field.
 */
import { evaluationKpiKeys, modelEvaluationSchema } from '@hoistway/shared-types';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../helpers/datasets.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let buildingId: string;
let datasetId: string;
const inject = injector(() => t.app);

/** Polls until training ends, with a generous deadline (a loaded machine trains slowly). */
async function waitForModel(id: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const model = (await inject('GET', `/api/models/${id}`)).json();
    if (model.status !== 'training') return model;
    if (Date.now() > deadline) throw new Error(`model ${id} still training after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  buildingId = (await inject('POST', '/api/buildings', officeBuilding('Models'))).json().id;
  datasetId = (await generateDataset(inject, { name: 'small', buildingId, episodes: 2, duration: 600 })).id;
}, 60_000);
afterAll(() => t.close());

describe('models', () => {
  it('trains a model from a dataset with a per-epoch training curve, then lists and exports it', async () => {
    const res = await inject('POST', '/api/models/train', { datasetId, name: 'office', epochs: 3 });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ name: 'office', version: 1, status: 'training', epochsRequested: 3 });
    const model = await waitForModel(res.json().id);
    expect(model.status, model.error).toBe('ready');
    expect(model.metrics.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3]);
    expect(model.metrics.epochs[0].valLoss).not.toBeNull();
    expect(model.objective).toEqual({ horizon: 300, ridingWeight: 0.5 });
    expect((await inject('GET', '/api/models')).json().items.map((m: { id: string }) => m.id)).toContain(
      model.id,
    );

    const file = await inject('GET', `/api/models/${model.id}/export`);
    expect(file.statusCode).toBe(200);
    const imported = await inject('POST', '/api/models/import', file.json());
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ name: 'office', version: 2, status: 'ready' });
  }, 60_000);

  it('returns the stored evaluation with the model detail', async () => {
    const model = (await inject('GET', '/api/models'))
      .json()
      .items.find((m: { name: string; version: number }) => m.name === 'office' && m.version === 1);
    expect(model.evaluation).toBeNull();
    const stat = (mean: number) => ({ mean, ci95Low: mean - 1, ci95High: mean + 1, n: 2 });
    const labels = ['collective', 'nearest', 'sectoring', 'eta', 'destination', 'learned:office@1'];
    const perDispatcher = Object.fromEntries(labels.map((d, i) => [d, stat(20 + i)]));
    const evaluation = modelEvaluationSchema.parse({
      evaluatedAt: '2025-01-01T00:00:00.000Z',
      building: 'Models',
      traffic: 'lunch',
      duration: 600,
      warmUp: 300,
      seeds: [1, 2],
      dispatchers: labels,
      learned: 'learned:office@1',
      kpis: Object.fromEntries(evaluationKpiKeys.map((k) => [k, perDispatcher])),
      bestHeuristic: 'collective',
      pairedAwtDifference: { ...stat(5), relative: 0.25 },
    });
    await t.db.database.rows(
      sql`UPDATE models SET evaluation = ${JSON.stringify(evaluation)}::jsonb WHERE id = ${model.id}`,
    );
    const detail = await inject('GET', `/api/models/${model.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().evaluation).toEqual(evaluation);
  });

  it('refuses training from an unknown dataset, naming the field', async () => {
    const res = await inject('POST', '/api/models/train', {
      datasetId: '00000000-0000-4000-8000-000000000000',
      name: 'x',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('datasetId');
  });

  it('runs sessions and comparison runs with a learned dispatcher', async () => {
    const session = await inject('POST', '/api/sessions', {
      buildingId,
      config: { duration: 600, dispatcher: { name: 'learned', model: 'office@1' } },
    });
    expect(session.statusCode, session.body).toBe(201);
    expect(session.json().dispatcher).toBe('learned');
    expect(session.json().config.dispatcher.resolved.name).toBe('office');

    const run = await inject('POST', '/api/runs', {
      buildingId,
      dispatchers: [{ name: 'eta' }, { name: 'learned', model: 'office' }],
      seeds: [1],
      duration: 600,
    });
    expect(run.statusCode, run.body).toBe(202);
    await t.app.services.runManager.settled(run.json().id);
    const done = (await inject('GET', `/api/runs/${run.json().id}`)).json();
    expect(done.status, done.error).toBe('finished');
    expect(done.results.dispatchers.map((d: { label: string }) => d.label)).toEqual([
      'eta',
      'learned:office@2',
    ]);
    expect(done.results.dispatchers[1].config).toEqual({ name: 'learned', model: 'office@2' });
  });

  it('answers 400 naming the field for an unknown model (sessions, runs, live switch)', async () => {
    const session = await inject('POST', '/api/sessions', {
      buildingId,
      config: { dispatcher: { name: 'learned', model: 'nope' } },
    });
    expect(session.statusCode).toBe(400);
    expect(session.json().details).toEqual([
      { path: 'config.dispatcher.model', message: 'unknown model "nope"' },
    ]);

    const run = await inject('POST', '/api/runs', {
      buildingId,
      dispatchers: [{ name: 'eta' }, { name: 'learned', model: 'nope@3' }],
      seeds: [1],
    });
    expect(run.statusCode).toBe(400);
    expect(run.json().details[0].path).toBe('dispatchers[1].model');

    const created = (await inject('POST', '/api/sessions', { buildingId, config: { duration: 600 } })).json();
    const control = await inject('POST', `/api/sessions/${created.id}/control`, {
      type: 'dispatcher',
      dispatcher: { name: 'learned', model: 'nope' },
    });
    expect(control.statusCode).toBe(400);
    expect(control.json().details[0].path).toBe('dispatcher.model');

    const ok = await inject('POST', `/api/sessions/${created.id}/control`, {
      type: 'dispatcher',
      dispatcher: { name: 'learned', model: 'office' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
