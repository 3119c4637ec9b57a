/**
 * Work budgets: a request that would start too much work (a crowded building, a session or run with
 * too many expected passengers or simulated hours, a queue already full, a dataset or training job
 * too large) is refused with a 4xx naming the field and the limit, before any work starts.
 */
import { decisionFeatureNames } from '@hoistway/shared-types';
import { datasets, trainingSamples } from '@hoistway/shared-types/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { createTestApp, fakeExecutor, type TestApp } from '../helpers/test-app.js';

// The office fixture: 6 floors of 80 people (480). Lunch at 12 % → 57.6 passengers per 5 minutes.
const env = {
  LIMIT_FLOOR_POPULATION: '1000',
  LIMIT_BUILDING_POPULATION: '5000',
  LIMIT_FLOORS_X_CARS: '100',
  LIMIT_SIMULATION_PASSENGERS: '1000',
  LIMIT_RUN_PASSENGERS: '5000',
  LIMIT_RUN_SIM_HOURS: '10',
  LIMIT_DATASET_PASSENGERS: '2000',
  LIMIT_TRAINING_ROW_EPOCHS: '100',
  LIMIT_QUEUED_RUN_TASKS: '4',
};

let t: TestApp;
const executor = fakeExecutor({ hangFromSeed: 1000 });
let buildingId: string;
const lunch = { kind: 'template', template: 'lunch', intensity: 12 } as const;

beforeAll(async () => {
  t = await createTestApp({ env, executor });
  buildingId = (
    await t.app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Budget') })
  ).json().id;
});
afterAll(() => t.close());

async function count(table: string): Promise<number> {
  const [row] = await t.db.database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return Number(row!.n);
}

function crowded(population: number) {
  const building = officeBuilding('Crowded');
  building.floors[1]!.population = population;
  return building;
}

describe('buildings', () => {
  it('10^7 people on a floor is refused by the schema, nothing stored', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/buildings', payload: crowded(10_000_000) });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ path: 'floors[1].population', message: 'must be <= 1,000,000' }]);
    expect(await count('buildings')).toBe(1);
  });

  it('over LIMIT_FLOOR_POPULATION and LIMIT_BUILDING_POPULATION: 400 naming both, nothing stored', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/buildings', payload: crowded(9_000) });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.message).toMatch(/^Too much work for this server/);
    expect(body.details).toEqual([
      {
        path: 'floors[1].population',
        message: '9,000 people on one floor is over the limit of 1,000 (LIMIT_FLOOR_POPULATION)',
      },
      {
        path: 'floors',
        message: '9,400 people in the building is over the limit of 5,000 (LIMIT_BUILDING_POPULATION)',
      },
    ]);
    expect(await count('buildings')).toBe(1);
    // The same for a new version and for an import.
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/buildings/${buildingId}`,
      payload: crowded(9_000),
    });
    expect(put.statusCode).toBe(400);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/buildings/import',
      payload: { format: 'hoistway.building', formatVersion: 1, building: crowded(9_000) },
    });
    expect(imported.statusCode).toBe(400);
    expect(await count('building_versions')).toBe(1);
  });

  it('floors × cars over LIMIT_FLOORS_X_CARS: 400 naming groups', async () => {
    const building = officeBuilding('Many cars');
    const car = building.groups[0]!.cars[0]!;
    building.groups[0]!.cars = Array.from({ length: 15 }, (_, k) => ({ ...car, id: `C${k}` }));
    const res = await t.app.inject({ method: 'POST', url: '/api/buildings', payload: building });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toEqual({
      path: 'groups',
      message: 'floors × cars = 105 is over the limit of 100 (LIMIT_FLOORS_X_CARS)',
    });
  });
});

describe('sessions', () => {
  it('more expected passengers than LIMIT_SIMULATION_PASSENGERS: 400 naming traffic, no session', async () => {
    // 2 hours of lunch traffic: about 1,382 passengers.
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, traffic: lunch, config: { duration: 7200 } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        path: 'traffic',
        message:
          'about 1,382 passengers expected in 7,200 s, over the limit of 1,000 per simulation (LIMIT_SIMULATION_PASSENGERS)',
      },
    ]);
    expect(await count('sessions')).toBe(0);
    // One hour (about 691) is within the budget.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, traffic: lunch, config: { duration: 3600 } },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('a passenger list with too many passengers is refused the same way', async () => {
    const passengers = Array.from({ length: 20 }, (_, k) => ({
      time: k,
      origin: 0,
      destination: 1,
      count: 100,
    }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, traffic: { kind: 'passengers', passengers } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('traffic');
  });
  it('a stored session over the limits (lowered since, or edited) is not loaded: 409 naming the limit', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, traffic: lunch, config: { duration: 1800 } },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await t.db.database.rows(
      sql`update sessions set config = jsonb_set(config, '{duration}', '604800') where id = ${id}`,
    );
    const start = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${id}/control`,
      payload: { type: 'start' },
    });
    expect(start.statusCode).toBe(409);
    expect(start.json().message).toContain('LIMIT_SIMULATION_PASSENGERS');
    expect(t.app.liveSessions.loadedCount).toBe(0);
    const [row] = await t.db.database.rows<{ status: string }>(
      sql`select status from sessions where id = ${id}`,
    );
    expect(row!.status).toBe('created');
  });
});

describe('comparison runs', () => {
  it('dispatchers × seeds × hours over LIMIT_RUN_SIM_HOURS: 400 naming duration, no task runs', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: {
        buildingId,
        traffic: { ...lunch, intensity: 1 },
        dispatchers: [{ name: 'eta' }, { name: 'nearest' }],
        seeds: [1, 2, 3],
        duration: 7200,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        path: 'duration',
        message:
          'dispatchers × seeds × (duration + drainTime) = 12 simulated hours, over the limit of 10 (LIMIT_RUN_SIM_HOURS)',
      },
    ]);
    expect(await count('runs')).toBe(0);
    expect(executor.calls).toBe(0);
  });

  it('expected passengers over LIMIT_RUN_PASSENGERS: 400 naming seeds', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: {
        buildingId,
        traffic: lunch,
        dispatchers: [{ name: 'eta' }],
        seeds: [1, 2, 3, 4, 5, 6, 7, 8],
        duration: 3600,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('seeds');
    expect(executor.calls).toBe(0);
  });

  it('more queued tasks than LIMIT_QUEUED_RUN_TASKS: 429', async () => {
    const payload = (seeds: number[]) => ({
      buildingId,
      traffic: { ...lunch, intensity: 1 },
      dispatchers: [{ name: 'eta' }, { name: 'nearest' }],
      seeds,
      duration: 600,
    });
    const first = await t.app.inject({ method: 'POST', url: '/api/runs', payload: payload([1000, 1001]) });
    expect(first.statusCode).toBe(202);
    const second = await t.app.inject({ method: 'POST', url: '/api/runs', payload: payload([1002]) });
    expect(second.statusCode).toBe(429);
    expect(second.json().message).toContain('LIMIT_QUEUED_RUN_TASKS');
    expect(await count('runs')).toBe(1);
    await t.app.inject({ method: 'POST', url: `/api/runs/${first.json().id}/cancel` });
    await t.app.services.runManager.settled(first.json().id);
    const third = await t.app.inject({ method: 'POST', url: '/api/runs', payload: payload([1]) });
    expect(third.statusCode).toBe(202);
    await t.app.services.runManager.settled(third.json().id);
  });
});

describe('datasets and training', () => {
  it('episodes × expected passengers over LIMIT_DATASET_PASSENGERS: 400 naming episodes, no dataset', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/datasets',
      payload: { name: 'too-big', buildingId, traffic: lunch, episodes: 20, duration: 3600 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ path: 'episodes' });
    expect(res.json().details[0].message).toContain('LIMIT_DATASET_PASSENGERS');
    expect(await count('datasets')).toBe(0);
  });

  it('training rows × epochs over LIMIT_TRAINING_ROW_EPOCHS: 400 naming epochs, no model', async () => {
    const { db } = t.db.database;
    const [row] = await db
      .insert(datasets)
      .values({
        name: 'labelled',
        building: officeBuilding('Dataset office') as never,
        traffic: lunch,
        config: {},
        featureNames: [...decisionFeatureNames],
      })
      .returning({ id: datasets.id });
    await db.insert(trainingSamples).values(
      Array.from({ length: 12 }, (_, k) => ({
        datasetId: row!.id,
        episode: 0,
        decision: Math.floor(k / 2),
        simTime: k,
        candidate: k % 2,
        carId: `A${(k % 2) + 1}`,
        features: decisionFeatureNames.map(() => 1),
        chosen: k % 2 === 0,
        policy: 'eta',
        cost: 1,
      })),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/models/train',
      payload: { datasetId: row!.id, name: 'big', epochs: 200 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ path: 'epochs' });
    expect(res.json().details[0].message).toContain('LIMIT_TRAINING_ROW_EPOCHS');
    expect(await count('models')).toBe(0);
  });
});

describe('start-up', () => {
  it('a running session over the limits does not stop the server from starting; it is not resumed', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, traffic: lunch, config: { duration: 1800 } },
    });
    const id = created.json().id;
    await t.db.database.rows(
      sql`update sessions set status = 'running', config = jsonb_set(config, '{duration}', '604800') where id = ${id}`,
    );
    const restarted = await buildApp({
      config: loadConfig({ DATA_DIR: 'memory://', RATE_LIMIT_MAX: '0', ...env }),
      database: t.db.database,
      executor: fakeExecutor(),
      logger: false,
    });
    try {
      await restarted.ready();
      expect(restarted.liveSessions.loadedCount).toBe(0);
      expect((await restarted.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
