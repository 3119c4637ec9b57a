import { sessionSummarySchema } from '@hoistway/shared-types';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let buildingId: string;
const inject = injector(() => t.app);

beforeAll(async () => {
  t = await createTestApp();
  buildingId = (await inject('POST', '/api/buildings', officeBuilding('Sessions'))).json().id;
});
afterAll(() => t.close());

describe('sessions', () => {
  it('creates a session with defaults: current version, default traffic, eta, seed 1, speed 1', async () => {
    const res = await inject('POST', '/api/sessions', { buildingId });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      buildingId,
      buildingVersion: 1,
      status: 'created',
      seed: 1,
      speed: 1,
      simTime: 0,
      dispatcher: 'eta',
      trafficKind: 'template',
      trafficTemplate: 'lunch',
      commandLog: [],
      snapshot: null,
      results: null,
      config: { duration: 3600, warmUp: 300, seed: 1 },
    });
  });

  it('keeps the building version it was created on after the building changes', async () => {
    const b = (await inject('POST', '/api/buildings', officeBuilding('Pinned'))).json();
    const s1 = (await inject('POST', '/api/sessions', { buildingId: b.id })).json();
    await inject('PUT', `/api/buildings/${b.id}`, officeBuilding('Pinned v2'));
    const s2 = (await inject('POST', '/api/sessions', { buildingId: b.id })).json();
    const s3 = (await inject('POST', '/api/sessions', { buildingId: b.id, buildingVersion: 1 })).json();
    expect([s1.buildingVersion, s2.buildingVersion, s3.buildingVersion]).toEqual([1, 2, 1]);
    expect((await inject('GET', `/api/sessions/${s1.id}`)).json().buildingVersion).toBe(1);
  });

  it('takes traffic, dispatcher, seed and speed', async () => {
    const res = await inject('POST', '/api/sessions', {
      buildingId,
      traffic: { kind: 'template', template: 'up-peak', intensity: 15 },
      config: { seed: 42, dispatcher: { name: 'nearest' }, duration: 1800 },
      speed: 10,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      seed: 42,
      speed: 10,
      dispatcher: 'nearest',
      trafficTemplate: 'up-peak',
    });
    expect(res.json().config.duration).toBe(1800);
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const count = async () => (await inject('GET', '/api/sessions?limit=100')).json().items.length;
    const before = await count();
    const cases: [unknown, string][] = [
      [{}, 'buildingId'],
      [{ buildingId: 'nope' }, 'buildingId'],
      [{ buildingId, speed: 0 }, 'speed'],
      [{ buildingId, speed: 5e-324 }, 'speed'],
      [{ buildingId, config: { seed: -1 } }, 'config.seed'],
      [{ buildingId, config: { dispatcher: { name: 'magic' } } }, 'config.dispatcher.name'],
      [{ buildingId, config: { warmUp: 4000, duration: 3600 } }, 'config.warmUp'],
      [
        {
          buildingId,
          traffic: { kind: 'passengers', passengers: [{ time: 0, origin: 0, destination: 99 }] },
        },
        'traffic.passengers[0].destination',
      ],
      [{ buildingId, extra: 1 }, 'extra'],
    ];
    for (const [body, path] of cases) {
      const res = await inject('POST', '/api/sessions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await count()).toBe(before);
  });

  it('404s an unknown building or version, 409s an archived building', async () => {
    const unknown = await inject('POST', '/api/sessions', {
      buildingId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().details[0].path).toBe('buildingId');
    expect((await inject('POST', '/api/sessions', { buildingId, buildingVersion: 9 })).statusCode).toBe(404);
    const b = (await inject('POST', '/api/buildings', officeBuilding('Archived'))).json();
    await inject('PATCH', `/api/buildings/${b.id}`, { archived: true });
    expect((await inject('POST', '/api/sessions', { buildingId: b.id })).statusCode).toBe(409);
  });

  it('lists with filters and cursor pagination, newest first', async () => {
    const b = (await inject('POST', '/api/buildings', officeBuilding('Listing'))).json();
    const ids: string[] = [];
    for (let k = 0; k < 7; k++)
      ids.push((await inject('POST', '/api/sessions', { buildingId: b.id, config: { seed: k } })).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await inject(
        'GET',
        `/api/sessions?buildingId=${b.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json();
      seen.push(...page.items.map((s: { id: string }) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const created = (await inject('GET', '/api/sessions?status=created&limit=100')).json().items;
    expect(created.length).toBeGreaterThanOrEqual(7);
    expect((await inject('GET', '/api/sessions?status=running')).json().items).toEqual([]);
    expect((await inject('GET', '/api/sessions?status=bogus')).json().details[0].path).toBe('status');
    expect((await inject('GET', '/api/sessions?buildingId=x')).statusCode).toBe(400);
    expect((await inject('GET', '/api/sessions?limit=0')).statusCode).toBe(400);
  });

  it('the list page (rendered by PostgreSQL) matches the declared page schema exactly', async () => {
    const res = await inject('GET', '/api/sessions?limit=3');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const strictPage = z.strictObject({
      items: z.array(sessionSummarySchema.strict()),
      nextCursor: z.string().nullable(),
    });
    const page = strictPage.parse(res.json());
    expect(page.items).toHaveLength(3);
    const detail = (await inject('GET', `/api/sessions/${page.items[0]!.id}`)).json();
    const { traffic: _t, config: _c, commandLog: _l, snapshot: _s, results: _r, ...summary } = detail;
    expect(page.items[0]).toEqual(summary);
    expect(typeof page.items[0]!.seed).toBe('number');
    expect(page.items[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$/);
  });

  it('gets and deletes a session; unknown ids 404', async () => {
    const s = (await inject('POST', '/api/sessions', { buildingId })).json();
    expect((await inject('GET', `/api/sessions/${s.id}`)).json().id).toBe(s.id);
    expect((await inject('DELETE', `/api/sessions/${s.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/api/sessions/${s.id}`)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/sessions/${s.id}`)).statusCode).toBe(404);
    expect((await inject('GET', '/api/sessions/123')).statusCode).toBe(400);
  });
});
