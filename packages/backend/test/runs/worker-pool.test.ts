/**
 * Comparison runs on the real worker-thread pool and the real simulator (built JS, as piscina needs).
 * Skipped with a message when the simulator has not been built.
 */
import { existsSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RUN_TASK_WORKER_PATH } from '@hoistway/simulator/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoolExecutor } from '../../src/runs/executor.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const built = existsSync(RUN_TASK_WORKER_PATH);
if (!built)
  console.warn(
    `skipping worker-pool tests: ${RUN_TASK_WORKER_PATH} is not built (npx tsc -b packages/simulator/tsconfig.lib.json)`,
  );

describe.skipIf(!built)('comparison runs on the worker pool', () => {
  let t: TestApp;
  let buildingId: string;
  const inject = injector(() => t.app);

  beforeAll(async () => {
    t = await createTestApp({ executor: createPoolExecutor(1) });
    buildingId = (await inject('POST', '/api/buildings', officeBuilding('Pool'))).json().id;
  });
  afterAll(() => t?.close());

  const request = () => ({
    buildingId,
    traffic: { kind: 'template', template: 'up-peak', intensity: 12 },
    dispatchers: [{ name: 'collective' }, { name: 'eta' }],
    seeds: [1, 2],
    duration: 900,
    warmUp: 120,
  });

  it('runs off the event loop, records progress, and gives the same results for the same request', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const first = (await inject('POST', '/api/runs', request())).json();
    // The API keeps answering while the simulations run.
    const during = await inject('GET', `/api/runs/${first.id}`);
    expect(during.statusCode).toBe(200);
    await t.app.services.runManager.settled(first.id);
    delay.disable();
    const a = (await inject('GET', `/api/runs/${first.id}`)).json();
    expect(a.error).toBeNull();
    expect(a.status).toBe('finished');
    expect(a.progress).toEqual({ done: 4, total: 4 });
    expect(a.results.runs).toHaveLength(4);
    for (const r of a.results.runs) {
      expect(r.kpis.generated).toBeGreaterThan(0);
      expect(r.kpis.awt).toBeGreaterThanOrEqual(0);
    }
    expect(a.results.summary.awt.collective.n).toBe(2);
    // Simulations ran on worker threads. How long the event loop stalls depends on the machine's
    // load, so it is only reported here (no test may depend on wall-clock speed).
    console.log(`event loop during the run: max delay ${(delay.max / 1e6).toFixed(0)} ms`);

    const second = (await inject('POST', '/api/runs', request())).json();
    await t.app.services.runManager.settled(second.id);
    const b = (await inject('GET', `/api/runs/${second.id}`)).json();
    expect(b.results).toEqual(a.results);
  });

  it('cancels a long run on the pool', async () => {
    const long = (
      await inject('POST', '/api/runs', { ...request(), seeds: [1, 2, 3, 4, 5, 6, 7, 8], duration: 7200 })
    ).json();
    const cancelled = await inject('POST', `/api/runs/${long.id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    await t.app.services.runManager.settled(long.id);
    const run = (await inject('GET', `/api/runs/${long.id}`)).json();
    expect(run.status).toBe('cancelled');
    expect(run.progress.done).toBeLessThan(16);
  });
});
