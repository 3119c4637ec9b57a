import { existsSync } from 'node:fs';
import { MAX_API_PASSENGER_ROWS, MAX_OD_PERIODS, type OdPeriod } from '@hoistway/shared-types';
import { RUN_TASK_WORKER_PATH } from '@hoistway/simulator/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoolExecutor } from '../../src/runs/executor.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../live-helpers.js';

// Sessions and comparisons on an origin–destination matrix or a passenger list, run by the real engine.
let t: TestApp;
let buildingId: string;
const inject = injector(() => t.app);

beforeAll(async () => {
  t = await createTestApp({ executor: createPoolExecutor(1) });
  buildingId = (await inject('POST', '/api/buildings', officeBuilding('Custom traffic'))).json().id;
});
afterAll(() => t.close());

const floors = 7;
/** Incoming from G (index 0) to every floor, and a little back down. */
function odPeriod(duration: number, lobbyRate: number): OdPeriod {
  const rates = Array.from({ length: floors }, (_, i) => (i === 0 ? lobbyRate : 2));
  const matrix = Array.from({ length: floors }, (_, i) =>
    Array.from({ length: floors }, (_, j) => (i === 0 ? (j === 0 ? 0 : 1 / 6) : j === 0 ? 1 : 0)),
  );
  return { duration, rates, matrix };
}

const passengers = Array.from({ length: 60 }, (_, k) => ({
  time: k * 10,
  origin: k % 2 === 0 ? 0 : 1 + (k % 6),
  destination: k % 2 === 0 ? 1 + (k % 6) : 0,
  count: 1,
}));

async function runSessionToEnd(traffic: unknown) {
  const res = await inject('POST', '/api/sessions', {
    buildingId,
    traffic,
    config: { duration: 900, warmUp: 0, seed: 4 },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  expect(
    (await inject('POST', `/api/sessions/${id}/control`, { type: 'speed', speed: 'max' })).statusCode,
  ).toBe(200);
  expect((await inject('POST', `/api/sessions/${id}/control`, { type: 'start' })).statusCode).toBe(200);
  return waitFor(async () => {
    const detail = (await inject('GET', `/api/sessions/${id}`)).json();
    return detail.status === 'finished' ? detail : undefined;
  }, 60_000);
}

describe('custom traffic', () => {
  it('a live session on an OD matrix with two periods runs to the end and delivers passengers', async () => {
    const traffic = { kind: 'od', periods: [odPeriod(300, 20), odPeriod(600, 5)] };
    const session = await runSessionToEnd(traffic);
    expect(session.trafficKind).toBe('od');
    expect(session.traffic).toEqual({ ...traffic, repeat: false });
    expect(session.results.kpis.delivered).toBeGreaterThan(10);
  });

  it('a live session on a passenger list delivers exactly the listed passengers', async () => {
    const session = await runSessionToEnd({ kind: 'passengers', passengers });
    expect(session.trafficKind).toBe('passengers');
    expect(session.results.kpis.generated).toBe(60);
    expect(session.results.kpis.delivered).toBe(60);
  });

  // The worker pool runs the built simulator (see worker-pool.test.ts).
  it.skipIf(!existsSync(RUN_TASK_WORKER_PATH))(
    'a comparison on a passenger list runs every dispatcher on the same passengers',
    async () => {
      const res = await inject('POST', '/api/runs', {
        buildingId,
        traffic: { kind: 'passengers', passengers },
        dispatchers: [{ name: 'eta' }, { name: 'collective' }],
        seeds: [1, 2],
        duration: 900,
        warmUp: 0,
      });
      expect(res.statusCode, res.body).toBe(202);
      await t.app.services.runManager.settled(res.json().id);
      const run = (await inject('GET', `/api/runs/${res.json().id}`)).json();
      expect(run.status, run.error).toBe('finished');
      expect(run.request.traffic.kind).toBe('passengers');
      expect(run.results.runs.map((r: { kpis: { delivered: number } }) => r.kpis.delivered)).toEqual([
        60, 60, 60, 60,
      ]);
    },
  );

  it('rejects oversized or malformed custom traffic with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [
        {
          kind: 'passengers',
          passengers: Array.from({ length: MAX_API_PASSENGER_ROWS + 1 }, (_, k) => ({
            time: k,
            origin: 0,
            destination: 1,
          })),
        },
        'traffic.passengers',
      ],
      [
        { kind: 'od', periods: Array.from({ length: MAX_OD_PERIODS + 1 }, () => odPeriod(60, 1)) },
        'traffic.periods',
      ],
      [{ kind: 'od', periods: [{ ...odPeriod(60, 1), duration: 0 }] }, 'traffic.periods[0].duration'],
      [{ kind: 'od', periods: [{ ...odPeriod(60, 1), rates: [1, 2] }] }, 'traffic.periods[0].rates'],
      [
        {
          kind: 'od',
          periods: [
            {
              ...odPeriod(60, 1),
              matrix: odPeriod(60, 1).matrix.map((r, i) => (i === 3 ? [0.5, 0, 0, 0, 0, 0, 0] : r)),
            },
          ],
        },
        'traffic.periods[0].matrix[3]',
      ],
      [
        { kind: 'passengers', passengers: [{ time: -1, origin: 0, destination: 1 }] },
        'traffic.passengers[0].time',
      ],
    ];
    for (const [traffic, path] of cases) {
      for (const url of ['/api/sessions', '/api/runs']) {
        const body =
          url === '/api/runs'
            ? { buildingId, traffic, dispatchers: [{ name: 'eta' }], seeds: [1] }
            : { buildingId, traffic };
        const res = await inject('POST', url, body);
        expect(res.statusCode, `${url} ${path}`).toBe(400);
        expect(res.json().details.map((d: { path: string }) => d.path)).toContain(path);
      }
    }
  });
});
