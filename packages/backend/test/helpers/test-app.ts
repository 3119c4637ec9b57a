import type { KpiSummary, SimulationResults } from '@hoistway/shared-types';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { RunTaskExecutor } from '../../src/runs/executor.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}

/** pg-boss's shortest heartbeat; frequent supervision and polling so tests wait little. */
export const testQueueTimings = {
  heartbeatSeconds: 10,
  superviseIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
};

export async function createTestApp(
  options: { executor?: RunTaskExecutor; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  // Feature tests run as the local admin; the auth tests pass AUTH_MODE=login (and HOST) in `env`.
  const config = loadConfig({
    DATA_DIR: 'memory://',
    RATE_LIMIT_MAX: '0',
    HOST: '127.0.0.1',
    AUTH_MODE: 'local-single-user',
    ...options.env,
  });
  const app = await buildApp({
    config,
    database: db.database,
    executor: options.executor ?? fakeExecutor(),
    // Every task of a test run is held at once (a fake executor may hang some until cancelled).
    runs: { concurrency: 32, timings: testQueueTimings },
    logger: false,
  });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * Stands in for the simulator in tests of the run machinery (queueing, progress, cancel, results):
 * KPIs are a deterministic function of dispatcher and seed, after an optional delay.
 */
export function fakeExecutor(
  /** `hangFromSeed`: tasks with a seed at least this never finish until aborted (a run to cancel midway). */
  options: { delayMs?: number; failOnSeed?: number; hangFromSeed?: number } = {},
): RunTaskExecutor & { calls: number } {
  const executor = {
    calls: 0,
    async run(task: Parameters<RunTaskExecutor['run']>[0], signal: AbortSignal) {
      executor.calls += 1;
      const hangs = options.hangFromSeed !== undefined && task.config.seed >= options.hangFromSeed;
      if (options.delayMs || hangs) {
        await new Promise<void>((resolve, reject) => {
          const timer = hangs ? undefined : setTimeout(resolve, options.delayMs);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      }
      if (signal.aborted) throw new Error('aborted');
      if (task.config.seed === options.failOnSeed)
        throw new Error(`simulation failed for seed ${task.config.seed}`);
      const awt = 20 + task.config.seed + task.config.dispatcher.name.length;
      return { results: fakeResults(task.config.dispatcher, task.config.seed, awt), waits: [awt] };
    },
    async close() {},
  };
  return executor;
}

function fakeResults(
  dispatcher: SimulationResults['dispatcher'],
  seed: number,
  awt: number,
): SimulationResults {
  const kpis: KpiSummary = {
    generated: 100,
    delivered: 100,
    inSystem: 0,
    counted: 90,
    awt,
    attd: awt + 40,
    averageTransit: 40,
    longestWait: awt * 3,
    p95Wait: awt * 2,
    percentWaitsOver60: 1,
    meanSquaredWait: awt * awt,
    worst5MinAwt: awt + 5,
    interval: null,
    stillWaiting: 0,
    throughput5MinPersons: 24,
    throughput5MinPercent: 5,
    peak5MinPersons: 30,
    peak5MinPercent: 6.25,
    saturated: false,
    groups: [{ group: 'A', interval: null, stillWaiting: 0, pickupCapacity: 20, saturated: false }],
  };
  return {
    schemaVersion: 2,
    building: 'fake',
    dispatcher,
    seed,
    duration: 3600,
    warmUp: 300,
    endTime: 3600,
    kpis,
    // Two 5-minute periods: AWT equal to the run's, then 10 s more; arrivals grow with the seed.
    series: [0, 300].map((start, k) => ({
      start,
      arrivals: 10 + seed,
      boarded: 10,
      delivered: 10,
      awt: awt + 10 * k,
      attd: awt + 40 + 10 * k,
      longestWait: awt * 3,
    })),
    waitHistogram: { binWidth: 5, counts: [] },
    cars: [],
  };
}
