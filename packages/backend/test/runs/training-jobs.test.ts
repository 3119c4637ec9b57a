/**
 * Training as a durable job: the backend queues it, a consumer (the backend's own or one standing in
 * for `hoistway-sim worker`) trains in a worker thread and writes each epoch as it ends; a consumer
 * killed mid-training → the job is retried and the model ends ready; cancel; a training whose job
 * was never queued, or that every attempt abandoned, fails with a message; a model registered by the
 * CLI's registry functions is listed at once. Runs on PGlite or on DATABASE_URL's server.
 */
import type { TrainingEpoch } from '@hoistway/shared-types';
import {
  TRAIN_DEAD_QUEUE,
  TRAIN_QUEUE,
  TRAINING_THREAD_PATH,
  createThreadTrainingExecutor,
  insertModel,
  loadTrainingRows,
  openJobQueue,
  startTrainingConsumer,
  trainNetwork,
  trainingLibrary,
  type TrainingConsumer,
  type TrainingExecutor,
} from '@hoistway/simulator/node';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { generateDataset } from '../helpers/datasets.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { fakeExecutor, testQueueTimings } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitFor as waitUntil } from '../helpers/wait-until.js';

const built = existsSync(TRAINING_THREAD_PATH);
if (!built)
  console.warn(
    `skipping training-job tests: ${TRAINING_THREAD_PATH} is not built (npx tsc -b packages/simulator/tsconfig.lib.json)`,
  );

let db: TestDatabase;
const apps: FastifyInstance[] = [];
const bosses: PgBoss[] = [];
const consumers: TrainingConsumer[] = [];
/** Ends every executor still hanging when the file ends. */
const teardown = new AbortController();

async function startApp(options: { execution: 'auto' | 'workers'; trainingExecutor?: TrainingExecutor }) {
  const app = await buildApp({
    config: loadConfig({
      DATA_DIR: 'memory://',
      RATE_LIMIT_MAX: '0',
      HOST: '127.0.0.1',
      AUTH_MODE: 'local-single-user',
    }),
    database: db.database,
    executor: fakeExecutor(),
    ...(options.trainingExecutor ? { trainingExecutor: options.trainingExecutor } : {}),
    runs: { concurrency: 8, timings: testQueueTimings, execution: options.execution },
    logger: false,
  });
  await app.ready();
  apps.push(app);
  return app;
}

/** A consumer on its own pg-boss instance, as `hoistway-sim worker` runs one. */
async function startWorker(executor: TrainingExecutor) {
  const boss = await openJobQueue(db.database.jobConnection, testQueueTimings);
  bosses.push(boss);
  const consumer = await startTrainingConsumer({
    boss,
    query: db.database.query,
    executor,
    pollingIntervalSeconds: testQueueTimings.pollingIntervalSeconds,
    cancelCheckMs: 100,
  });
  consumers.push(consumer);
  return { boss, consumer };
}

/**
 * The real thread executor, holding back everything after the first epoch until `open()`: the test
 * sees the model mid-training. `aborted` resolves when the job is stopped (cancel, shutdown).
 */
function gatedExecutor() {
  const thread = createThreadTrainingExecutor();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let onAborted!: () => void;
  const aborted = new Promise<void>((resolve) => (onAborted = resolve));
  const executor: TrainingExecutor = {
    async train(request, onEpoch, signal) {
      signal.addEventListener('abort', onAborted);
      const held: TrainingEpoch[] = [];
      const trained = await thread.train(
        request,
        (epoch) => (epoch.epoch === 1 ? onEpoch(epoch) : held.push(epoch)),
        signal,
      );
      await Promise.race([
        gate,
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
      ]);
      held.forEach(onEpoch);
      return trained;
    },
  };
  return { executor, open, aborted };
}

/** Writes one epoch, then never finishes: the consumer about to be killed. */
const stuckExecutor = (): TrainingExecutor => ({
  train: (_request, onEpoch) =>
    new Promise((_resolve, reject) => {
      onEpoch({ epoch: 1, loss: 1, valLoss: 1 } as TrainingEpoch);
      teardown.signal.addEventListener('abort', () => reject(new Error('test over')));
    }),
});

const inject = (app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, ...(payload ? { payload } : {}) });
const modelOf = async (app: FastifyInstance, id: string) =>
  (await inject(app, 'GET', `/api/models/${id}`)).json();

describe.skipIf(!built)('training as a job', () => {
  let datasetId: string;
  let datasetName: string;
  let queuer: FastifyInstance;

  beforeAll(async () => {
    db = await createTestDatabase();
    // This backend only queues (RUN_EXECUTION=workers): the tests choose who trains.
    queuer = await startApp({ execution: 'workers' });
    const building = (await inject(queuer, 'POST', '/api/buildings', officeBuilding('Training jobs'))).json();
    datasetName = 'jobs-small';
    // Generated by the backend's own episode consumer; the queuing backend only queues.
    const generating = await startApp({ execution: 'auto' });
    const dataset = await generateDataset(
      (method, url, payload) => inject(generating, method, url, payload),
      { name: datasetName, buildingId: building.id, episodes: 2, duration: 600 },
    );
    await generating.close();
    apps.splice(apps.indexOf(generating), 1);
    datasetId = dataset.id;
  }, 120_000);
  afterAll(async () => {
    teardown.abort();
    for (const c of consumers) await c.release().catch(() => {});
    for (const app of apps) await app.close();
    for (const b of bosses) await b.stop({ graceful: false, close: true }).catch(() => {});
    await db?.drop();
  });

  it('a worker trains the queued job in a thread; the curve is stored epoch by epoch', async () => {
    const res = await inject(queuer, 'POST', '/api/models/train', {
      datasetId,
      name: 'by-worker',
      epochs: 3,
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const gated = gatedExecutor();
    await startWorker(gated.executor);
    // Mid-training: the first epoch is already in the row.
    const during = await waitUntil(
      () => modelOf(queuer, id),
      (m) => m.metrics.epochs.length === 1,
    );
    expect(during.status).toBe('training');
    gated.open();
    const model = await waitUntil(
      () => modelOf(queuer, id),
      (m) => m.status !== 'training',
    );
    expect(model.status, model.error).toBe('ready');
    expect(model.metrics.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3]);
    expect(model.objective).toEqual({ horizon: 300, ridingWeight: 0.5 });
    // The library is named by whoever trained it (the backend never loads TensorFlow.js for a request).
    expect(model.library).toBe(await trainingLibrary());
    // The same weights as training in this thread (training is deterministic for a seed).
    const file = (await inject(queuer, 'GET', `/api/models/${id}/export`)).json();
    const stored = await db.database.query('select network from models where id = $1', [id]);
    expect(file.network).toEqual(
      typeof stored[0]!['network'] === 'string' ? JSON.parse(stored[0]!['network']) : stored[0]!['network'],
    );
    for (const c of consumers.splice(0)) await c.release();
  });

  it('a worker killed mid-training: the job is retried and the model ends ready', async () => {
    const res = await inject(queuer, 'POST', '/api/models/train', { datasetId, name: 'killed', epochs: 2 });
    const id = res.json().id;
    const doomed = await startWorker(stuckExecutor());
    await waitUntil(
      () => modelOf(queuer, id),
      (m) => m.metrics.epochs.length === 1,
    );
    // Killed: no release, no more heartbeats; pg-boss retries the job once its heartbeat lapses.
    await doomed.boss.stop({ graceful: false, close: true });
    consumers.splice(consumers.indexOf(doomed.consumer), 1);
    await startWorker(createThreadTrainingExecutor());
    const model = await waitUntil(
      () => modelOf(queuer, id),
      (m) => m.status !== 'training',
    );
    expect(model.status, model.error).toBe('ready');
    expect(model.metrics.epochs.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
    const [job] = await queuer.services.runManager.queue.findJobs(TRAIN_QUEUE, { data: { modelId: id } });
    expect(job!.retryCount).toBeGreaterThanOrEqual(1);
    for (const c of consumers.splice(0)) await c.release();
  }, 180_000);

  it("the backend's own executor trains when no worker runs, and a cancel stops it", async () => {
    const gated = gatedExecutor();
    const app = await startApp({ execution: 'auto', trainingExecutor: gated.executor });
    const res = await inject(app, 'POST', '/api/models/train', { datasetId, name: 'cancelled', epochs: 3 });
    const id = res.json().id;
    await waitUntil(
      () => modelOf(app, id),
      (m) => m.metrics.epochs.length === 1,
    );
    const cancel = await inject(app, 'POST', `/api/models/${id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    await gated.aborted; // the consumer saw the cancel and stopped the training
    gated.open();
    const model = await modelOf(app, id);
    expect(model.status).toBe('cancelled');
    expect((await inject(app, 'GET', `/api/models/${id}/export`)).statusCode).toBe(404);
    expect((await inject(app, 'POST', `/api/models/${id}/cancel`)).statusCode).toBe(409);
    expect(
      (await inject(app, 'POST', `/api/models/00000000-0000-4000-8000-000000000000/cancel`)).statusCode,
    ).toBe(404);
    await app.close();
    apps.splice(apps.indexOf(app), 1);
  });

  it('fails a model whose training every attempt abandoned, and one a stopped server never queued', async () => {
    const res = await inject(queuer, 'POST', '/api/models/train', { datasetId, name: 'dead', epochs: 1 });
    const id = res.json().id;
    // What pg-boss does after the retry limit: the job moves to the dead-letter queue.
    await queuer.services.runManager.queue.send(TRAIN_DEAD_QUEUE, { modelId: id });
    const dead = await waitUntil(
      () => modelOf(queuer, id),
      (m) => m.status !== 'training',
    );
    expect(dead.status).toBe('failed');
    expect(dead.error).toMatch(/abandoned by its worker on every attempt/);

    await db.database.query(
      `insert into models (name, version, status, datasets, feature_names, library)
       values ('orphan', 1, 'training', '[]'::jsonb, '{}'::text[], 'x')`,
      [],
    );
    const restarted = await startApp({ execution: 'workers' });
    const orphan = (await inject(restarted, 'GET', '/api/models'))
      .json()
      .items.find((m: { name: string }) => m.name === 'orphan');
    expect(orphan).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'a model the CLI trains and registers (hoistway-sim train) is listed by the API at once',
    async () => {
      const sql = postgres(db.url!, { max: 1, onnotice: () => {} });
      try {
        // What `hoistway-sim train --dataset jobs-small --epochs 1 --name from-cli` does.
        const data = await loadTrainingRows(sql, [datasetName]);
        const trained = await trainNetwork(data.rows, data.objective, { epochs: 1, seed: 1 });
        const registered = await insertModel(sql, {
          name: 'from-cli',
          datasets: data.datasets,
          library: await trainingLibrary(),
          metrics: trained.metrics,
          network: trained.network,
        });
        const listed = (await inject(queuer, 'GET', '/api/models')).json().items;
        expect(listed.find((m: { id: string }) => m.id === registered.id)).toMatchObject({
          name: 'from-cli',
          version: 1,
          status: 'ready',
          datasets: [{ id: datasetId, name: datasetName }],
        });
      } finally {
        await sql.end();
      }
    },
  );
});
