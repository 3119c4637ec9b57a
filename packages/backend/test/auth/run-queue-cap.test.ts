/** LIMIT_QUEUED_RUN_TASKS is per account: one person's full queue never blocks another's runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { createTestApp, fakeExecutor, type TestApp } from '../helpers/test-app.js';
import { createUser, loginEnv, setupAdmin, type Agent } from './auth-helpers.js';

let t: TestApp;
let ann: Agent;
let bob: Agent;
let buildingId: string;
// Tasks from seed 5000 on never finish by themselves, so they stay queued until cancelled.
const executor = fakeExecutor({ hangFromSeed: 5000 });

beforeAll(async () => {
  t = await createTestApp({ env: { ...loginEnv, LIMIT_QUEUED_RUN_TASKS: '2' }, executor });
  const admin = await setupAdmin(t.app);
  ann = await createUser(t.app, admin, 'ann', 'editor');
  bob = await createUser(t.app, admin, 'bob', 'editor');
  buildingId = (await ann.request('POST', '/api/buildings', officeBuilding('Queue office'))).json().id;
});
afterAll(() => t.close());

const run = (who: Agent, seeds: number[]) =>
  who.request('POST', '/api/runs', {
    buildingId,
    dispatchers: [{ name: 'eta' }],
    seeds,
    duration: 600,
  });

describe('queued comparison tasks per account', () => {
  it('refuses the account whose queue is full, and no one else', async () => {
    const full = await run(ann, [5000, 5001]);
    expect(full.statusCode).toBe(202);
    const more = await run(ann, [5002]);
    expect(more.statusCode).toBe(429);
    expect(more.json().message).toContain('LIMIT_QUEUED_RUN_TASKS');
    const other = await run(bob, [5003, 5004]);
    expect(other.statusCode).toBe(202);
    for (const [who, res] of [
      [ann, full],
      [bob, other],
    ] as const) {
      await who.request('POST', `/api/runs/${res.json().id}/cancel`);
      await t.app.services.runManager.settled(res.json().id);
    }
    // Cancelled runs leave the queue: the account may run again.
    expect((await run(ann, [1])).statusCode).toBe(202);
  });
});
