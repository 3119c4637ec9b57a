import { RunTaskStore } from '@hoistway/simulator/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, fakeExecutor, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../helpers/wait-until.js';

let t: TestApp;
const inject = injector(() => t.app);

beforeAll(async () => {
  // Every task hangs: the run stays running and this test stores the tasks' results itself.
  t = await createTestApp({ executor: fakeExecutor({ hangFromSeed: 0 }) });
});
afterAll(() => t.close());

describe('run progress', () => {
  it('counts every task when many finish at the same moment', async () => {
    const buildingId = (await inject('POST', '/api/buildings', officeBuilding('Progress'))).json().id;
    const seeds = Array.from({ length: 20 }, (_, k) => 5000 + k);
    const run = (
      await inject('POST', '/api/runs', {
        buildingId,
        dispatchers: [{ name: 'eta' }, { name: 'nearest' }],
        seeds,
      })
    ).json();
    await waitFor(
      async () => (await inject('GET', `/api/runs/${run.id}`)).json(),
      (r) => r.status === 'running',
    );
    const store = new RunTaskStore(t.app.services.database.query);
    const result = { results: { kpis: {} }, waits: [1] } as unknown as Parameters<RunTaskStore['save']>[1];
    // Two recounts racing used to leave the counter short of the stored rows (3 of 4 in CI).
    const saved = await Promise.all(
      Array.from({ length: 40 }, (_, taskIndex) =>
        store.save({ runId: run.id, taskIndex, label: 'eta', seed: 1 }, result, 'test'),
      ),
    );
    expect(Math.max(...saved.map((p) => p?.done ?? 0))).toBe(40);
    const rows = await t.app.services.database.query(
      'select progress_done, (select count(*)::int from run_tasks where run_id = $1) as stored from runs where id = $1',
      [run.id],
    );
    expect(rows[0]).toMatchObject({ progress_done: 40, stored: 40 });
    await inject('POST', `/api/runs/${run.id}/cancel`);
  });
});
