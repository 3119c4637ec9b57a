/**
 * `hoistway-sim worker` processes (the built CLI) execute a run's tasks on PostgreSQL; one is killed
 * with SIGKILL mid-run, its task in flight is retried by another worker once its heartbeat lapses, and
 * the run's results equal an uninterrupted run's. Needs a PostgreSQL server (DATABASE_URL or
 * Testcontainers) and the built simulator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RUN_TASK_WORKER_PATH } from '@hoistway/simulator/node';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fakeExecutor, testQueueTimings } from '../helpers/test-app.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/test-database.js';
import { waitUntil } from '../helpers/wait-until.js';

const cli = fileURLToPath(new URL('../../../simulator/bin/hoistway-sim.js', import.meta.url));
const built = existsSync(RUN_TASK_WORKER_PATH);

describe.skipIf(!testServerUrl || !built)('hoistway-sim worker processes', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let buildingId: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // The backend only queues and aggregates: every task runs in a worker process.
    app = await buildApp({
      config: loadConfig({
        DATA_DIR: 'memory://',
        RATE_LIMIT_MAX: '0',
        HOST: '127.0.0.1',
        AUTH_MODE: 'local-single-user',
      }),
      database: db.database,
      executor: fakeExecutor(),
      runs: { execution: 'workers', timings: testQueueTimings },
      logger: false,
    });
    await app.ready();
    buildingId = (
      await app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Workers') })
    ).json().id;
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await app?.close();
    await db?.drop();
  });

  function startWorker(name: string): ChildProcess {
    const child = spawn(process.execPath, [cli, 'worker', '--threads', '1', '--name', name], {
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.resume();
    children.push(child);
    return child;
  }

  // Worker processes start and simulate on a loaded machine: a long deadline.
  const waitLong = (check: () => Promise<boolean>) => waitUntil(check, 300_000);

  const request = {
    traffic: { kind: 'template', template: 'up-peak', intensity: 12 },
    dispatchers: [{ name: 'collective' }, { name: 'eta' }],
    seeds: [1, 2, 3, 4],
    duration: 1800,
    warmUp: 120,
  };
  const submit = async () =>
    (await app.inject({ method: 'POST', url: '/api/runs', payload: { ...request, buildingId } })).json().id;
  const get = async (id: string) => (await app.inject({ method: 'GET', url: `/api/runs/${id}` })).json();
  const workersOf = async (id: string) =>
    (
      await db.database.query('select distinct worker from run_tasks where run_id = $1 order by worker', [id])
    ).map((r) => r['worker']);

  it('a worker killed mid-run: the run completes on another with equal results', async () => {
    const first = startWorker('a');
    const reference = await submit();
    await app.services.runManager.settled(reference);
    const expected = await get(reference);
    expect(expected.status).toBe('finished');
    expect(await workersOf(reference)).toEqual(['a']);
    first.kill('SIGTERM');

    const victim = startWorker('b');
    const id = await submit();
    await waitLong(async () => (await get(id)).progress.done >= 1);
    victim.kill('SIGKILL');
    expect((await get(id)).progress.done).toBeLessThan(8);
    startWorker('c');
    await app.services.runManager.settled(id);
    const run = await get(id);
    expect(run.status).toBe('finished');
    expect(run.results).toEqual(expected.results);
    expect(await workersOf(id)).toEqual(['b', 'c']);
  }, 600_000);

  it("a worker generates a web dataset's episodes, trains a model on it and evaluates it", async () => {
    startWorker('d');
    const dataset = (
      await app.inject({
        method: 'POST',
        url: '/api/datasets',
        payload: { name: 'cli-worker', buildingId, episodes: 2, duration: 600 },
      })
    ).json();
    const getDataset = async () =>
      (await app.inject({ method: 'GET', url: `/api/datasets/${dataset.id}` })).json();
    await waitLong(async () => (await getDataset()).episodesCompleted === 2);
    const model = (
      await app.inject({
        method: 'POST',
        url: '/api/models/train',
        payload: { datasetId: dataset.id, name: 'cli-worker', epochs: 2 },
      })
    ).json();
    const getModel = async () => (await app.inject({ method: 'GET', url: `/api/models/${model.id}` })).json();
    await waitLong(async () => (await getModel()).status !== 'training');
    const trained = await getModel();
    expect(trained.status, trained.error).toBe('ready');
    expect(trained.metrics.epochs).toHaveLength(2);

    const evaluation = await app.inject({
      method: 'POST',
      url: `/api/models/${model.id}/evaluate`,
      payload: { buildingId, seeds: 2, seedStart: 50_000, duration: 600, warmUp: 60 },
    });
    expect(evaluation.statusCode, evaluation.body).toBe(202);
    await app.services.runManager.settled(evaluation.json().id);
    const evaluated = await getModel();
    expect(evaluated.evaluation.learned).toBe('learned:cli-worker@1');
    expect(evaluated.evaluation.seeds).toEqual([50_000, 50_001]);
    // Simulated by the CLI workers (the backend here only queues).
    for (const worker of await workersOf(evaluation.json().id)) expect(['c', 'd']).toContain(worker);
  }, 600_000);
});
