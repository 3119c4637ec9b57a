/**
 * Comparison runs as durable jobs: tasks spread over several consumers, a consumer killed mid-run, a
 * backend restarted mid-run, a cancel that reaches queued tasks. Every final result is compared with the
 * same request run by one uninterrupted consumer. Runs on PGlite or on DATABASE_URL's server.
 */
import {
  RUN_TASK_QUEUE,
  openJobQueue,
  startRunTaskConsumer,
  type RunTaskConsumer,
  type SimulationTask,
  type SimulationTaskResult,
} from '@hoistway/simulator/node';
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { RunTaskExecutor } from '../../src/runs/executor.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { fakeExecutor, testQueueTimings } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { waitUntil } from '../helpers/wait-until.js';

let db: TestDatabase;
let boss: PgBoss;
const apps: FastifyInstance[] = [];
const consumers: RunTaskConsumer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  boss = await openJobQueue(db.database.jobConnection, testQueueTimings);
});
afterAll(async () => {
  for (const c of consumers) await c.release();
  for (const app of apps) await app.close();
  await boss.stop({ graceful: false, close: true });
  await db.drop();
});

async function startApp(
  executor: RunTaskExecutor,
  runs: { execution?: 'auto' | 'workers'; concurrency?: number } = {},
) {
  const app = await buildApp({
    config: loadConfig({
      DATA_DIR: 'memory://',
      RATE_LIMIT_MAX: '0',
      HOST: '127.0.0.1',
      AUTH_MODE: 'local-single-user',
    }),
    database: db.database,
    executor,
    runs: { concurrency: 32, timings: testQueueTimings, ...runs },
    logger: false,
  });
  await app.ready();
  apps.push(app);
  return app;
}

/** A second consumer in this process, on its own pg-boss instance (as a `hoistway-sim worker` would be). */
async function startConsumer(
  worker: string,
  execute: (task: SimulationTask, signal: AbortSignal) => Promise<SimulationTaskResult>,
  concurrency = 32,
) {
  const own = await openJobQueue(db.database.jobConnection, testQueueTimings);
  const consumer = await startRunTaskConsumer({
    boss: own,
    query: db.database.query,
    execute,
    concurrency,
    worker,
    pollingIntervalSeconds: testQueueTimings.pollingIntervalSeconds,
    cancelCheckMs: 100,
  });
  return { boss: own, consumer };
}

/** Runs until aborted: a task held by a consumer that is about to be killed. */
const hang = (_task: SimulationTask, signal: AbortSignal) =>
  new Promise<SimulationTaskResult>((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('aborted'))),
  );

const request = (buildingId: string) => ({
  buildingId,
  traffic: { kind: 'template', template: 'up-peak', intensity: 12 },
  dispatchers: [{ name: 'collective' }, { name: 'eta' }],
  seeds: [1, 2, 3],
  duration: 900,
  warmUp: 120,
});

async function submit(app: FastifyInstance, body: unknown): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/runs', payload: body as object });
  expect(res.statusCode).toBe(202);
  return res.json().id;
}

async function finalRun(app: FastifyInstance, id: string) {
  await app.services.runManager.settled(id);
  return (await app.inject({ method: 'GET', url: `/api/runs/${id}` })).json();
}

const workersOf = async (runId: string) =>
  (await db.database.query('select distinct worker from run_tasks where run_id = $1', [runId])).map(
    (r) => r['worker'] as string,
  );

describe('comparison runs as jobs', () => {
  let buildingId: string;
  let reference: unknown;

  it('one consumer: the reference results', async () => {
    const app = await startApp(fakeExecutor());
    buildingId = (
      await app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Jobs') })
    ).json().id;
    const run = await finalRun(app, await submit(app, request(buildingId)));
    expect(run.status).toBe('finished');
    expect(run.progress).toEqual({ done: 6, total: 6 });
    reference = run.results;
    await app.close();
  });

  it('tasks executed by two consumers give the same results', async () => {
    const app = await startApp(fakeExecutor(), { execution: 'workers' });
    // Each task waits until both consumers hold one, so both must take part.
    let held = 0;
    const fake = fakeExecutor();
    const gated = async (task: SimulationTask, signal: AbortSignal) => {
      held += 1;
      await waitUntil(() => held >= 2);
      return fake.run(task, signal);
    };
    consumers.push((await startConsumer('worker-a', gated, 1)).consumer);
    consumers.push((await startConsumer('worker-b', gated, 1)).consumer);
    const id = await submit(app, request(buildingId));
    const run = await finalRun(app, id);
    expect(run.status).toBe('finished');
    expect(run.results).toEqual(reference);
    expect((await workersOf(id)).sort()).toEqual(['worker-a', 'worker-b']);
    for (const c of consumers.splice(0)) await c.release();
    await app.close();
  });

  it('a consumer stopped mid-run without finishing: its tasks are retried elsewhere and the results are equal', async () => {
    const app = await startApp(fakeExecutor(), { execution: 'workers' });
    const victim = await startConsumer('victim', hang);
    const id = await submit(app, request(buildingId));
    await waitUntil(() => victim.consumer.inFlight === 6);
    // Stopped without finishing: pg-boss fails the tasks in hand, so they are retried (a killed process
    // cannot do that; its tasks wait for the heartbeat to lapse: see the CLI worker test).
    await victim.boss.stop({ graceful: false, close: true });
    const survivor = await startConsumer('survivor', (task, signal) => fakeExecutor().run(task, signal));
    consumers.push(survivor.consumer);
    const run = await finalRun(app, id);
    expect(run.status).toBe('finished');
    expect(run.results).toEqual(reference);
    expect(await workersOf(id)).toEqual(['survivor']);
    for (const c of consumers.splice(0)) await c.release();
    await survivor.boss.stop({ graceful: false, close: true });
    await app.close();
  });

  it('a backend restarted mid-run resumes the run, and the results are equal', async () => {
    // Seeds 1 and 2 finish before the restart; seed 3 is in flight when the backend dies.
    const first = await startApp(fakeExecutor({ hangFromSeed: 3 }));
    const id = await submit(first, request(buildingId));
    await waitUntil(async () => (await first.services.runs.get(id))?.progress.done === 4);
    await first.services.runManager.abandon();
    await first.close();
    const second = await startApp(fakeExecutor());
    const run = await finalRun(second, id);
    expect(run.status).toBe('finished');
    expect(run.results).toEqual(reference);
    await second.close();
  });

  it('a cancel cancels the queued tasks and abandons the running one', async () => {
    const app = await startApp(fakeExecutor(), { execution: 'workers' });
    let aborted = 0;
    const { consumer, boss: own } = await startConsumer(
      'one-at-a-time',
      (task, signal) =>
        hang(task, signal).catch((error: unknown) => {
          aborted += 1;
          throw error;
        }),
      1,
    );
    const id = await submit(app, request(buildingId));
    await waitUntil(() => consumer.inFlight === 1);
    const res = await app.inject({ method: 'POST', url: `/api/runs/${id}/cancel` });
    expect(res.json().status).toBe('cancelled');
    // The running task sees the cancel and is aborted; its job completes without a result.
    await waitUntil(() => aborted === 1 && consumer.inFlight === 0);
    const jobs = await boss.findJobs(RUN_TASK_QUEUE, { data: { runId: id } });
    expect(jobs).toHaveLength(6);
    await waitUntil(async () =>
      (await boss.findJobs(RUN_TASK_QUEUE, { data: { runId: id } })).every((j) =>
        ['cancelled', 'completed'].includes(j.state),
      ),
    );
    const states = (await boss.findJobs(RUN_TASK_QUEUE, { data: { runId: id } })).map((j) => j.state);
    // pg-boss cancels the claimed job too; the consumer's late completion of it is refused.
    expect(states.filter((s) => s === 'cancelled').length).toBeGreaterThanOrEqual(5);
    expect(await workersOf(id)).toEqual([]);
    const run = (await app.inject({ method: 'GET', url: `/api/runs/${id}` })).json();
    expect(run.status).toBe('cancelled');
    expect(run.progress.done).toBe(0);
    await consumer.release();
    await own.stop({ graceful: false, close: true });
    await app.close();
  });
});
