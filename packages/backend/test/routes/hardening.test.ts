/**
 * Hostile input gets a small 4xx: bounded error reports for huge invalid bodies, NUL bytes and lone
 * surrogates refused wherever they appear (naming the field), tampered pagination cursors refused.
 */
import { encodeCursor } from '@hoistway/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let buildingId: string;
beforeAll(async () => {
  t = await createTestApp();
  buildingId = (
    await t.app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Hard') })
  ).json().id;
});
afterAll(() => t.close());

/** A JSON body of about `bytes` bytes: a building whose floors are copies of one bad floor. */
function hugeBadFloors(bytes: number): string {
  const floor = JSON.stringify({ name: 7, height: 'high', population: -1, entrance: 'yes', extra: 1 });
  const count = Math.floor(bytes / (floor.length + 1));
  return `{"name":"Huge","groups":[],"floors":[${Array(count).fill(floor).join(',')}]}`;
}

/** A building whose group serves a huge list of bad floor numbers (an array without a bound before). */
function hugeBadServedFloors(bytes: number): string {
  const valid = officeBuilding('Huge');
  const marker = '"__SERVED__"';
  (valid.groups[0] as { servedFloors: unknown }).servedFloors = '__SERVED__';
  const count = Math.floor(bytes / 5);
  return JSON.stringify(valid).replace(marker, `[${Array(count).fill('"x"').join(',')}]`);
}

describe('bounded error responses', () => {
  const shapes: [string, (bytes: number) => string, string][] = [
    ['floors', hugeBadFloors, 'floors'],
    ['served floors', hugeBadServedFloors, 'groups[0].servedFloors'],
  ];
  for (const [shape, make, path] of shapes)
    for (const megabytes of [2, 5]) {
      it(`a ${megabytes} MB building with bad ${shape} gets a small 400 naming the field, quickly`, async () => {
        const payload = make(megabytes * 1_000_000);
        const started = performance.now();
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/buildings',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        const ms = performance.now() - started;
        console.log(
          `${megabytes} MB of bad ${shape}: ${res.statusCode} in ${ms.toFixed(0)} ms, ${res.body.length} bytes`,
        );
        expect(res.statusCode).toBe(400);
        expect(res.body.length).toBeLessThan(64 * 1024);
        const body = res.json();
        expect(body.details.length).toBeGreaterThan(0);
        expect(body.details.length).toBeLessThanOrEqual(20);
        expect(body.details.map((d: { path: string }) => d.path)).toContain(path);
      });
    }

  it('many issues in a small body: the first 20 are listed, issueCount counts them all', async () => {
    const bad = officeBuilding('Many');
    bad.floors = Array.from({ length: 150 }, () => ({ name: '', height: -1, population: 1 }));
    const res = await t.app.inject({ method: 'POST', url: '/api/buildings', payload: bad });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.details).toHaveLength(20);
    expect(body.issueCount).toBeGreaterThanOrEqual(300);
  });

  it('a passenger list over the API limit costs one issue, not one per row', async () => {
    const passengers = Array.from({ length: 60_000 }, () => ({ time: 'x', origin: -1, destination: 1 }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, traffic: { kind: 'passengers', passengers } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        path: 'traffic.passengers',
        message: 'must have at most 50,000 rows through the API (the CLI reads longer lists)',
      },
    ]);
  });

  it('huge unknown keys are cut short in paths and messages', async () => {
    const key = 'k'.repeat(100_000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      payload: { ...officeBuilding(), [key]: 1, [`${key}2`]: 2 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body.length).toBeLessThan(2000);
  });
});

describe('no 5xx from text the database cannot store', () => {
  const cases: [string, string][] = [
    ['a NUL byte', 'Lobby\u0000'],
    ['a lone high surrogate', 'Lobby\ud800'],
    ['a lone low surrogate', '\udc00Lobby'],
  ];
  for (const [what, text] of cases) {
    it(`${what} in a body string → 400 naming the field`, async () => {
      const building = officeBuilding(text);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/buildings',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(building),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].path).toBe('name');
    });

    it(`${what} in a field name → 400`, async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/scripts',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x', source: 'y', [text]: 1 }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].message).toMatch(/^field name/);
    });

    it(`${what} in a script source, a query string and a path → 400`, async () => {
      const script = await t.app.inject({
        method: 'POST',
        url: '/api/scripts',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x', source: `// ${text}` }),
      });
      expect(script.statusCode).toBe(400);
      expect(script.json().details[0].path).toBe('source');
      const encoded =
        encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '')) +
        (text.includes('\u0000') ? '' : '%ED%A0%80');
      for (const url of [`/api/sessions?status=${encoded}`, `/api/buildings/${encoded}`]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(400);
      }
    });
  }

  it('a learned dispatcher naming a model with a NUL byte → 400, not a database error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ buildingId, config: { dispatcher: { name: 'learned', model: 'm\u0000' } } }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('config.dispatcher.model');
  });
});

describe('tampered pagination cursors', () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  const tampered = [
    'garbage',
    '!!!',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('{"offset":10}').toString('base64url'),
    encodeCursor({ createdAt: '0000-01-01T00:00:00+00:00', id: uuid }),
    encodeCursor({ createdAt: '2026-02-30T00:00:00+00:00', id: uuid }),
    encodeCursor({ createdAt: '2026-01-01T00:00:00+99:00', id: uuid }),
    encodeCursor({ createdAt: '2026-01-01T00:00:00-16:00', id: uuid }),
    encodeCursor({ createdAt: '2026-01-01T24:00:00+00:00', id: uuid }),
    encodeCursor({ createdAt: '2026-01-01T00:00:00+00:00', id: 'not-a-uuid' }),
    encodeCursor({ createdAt: '2026-01-01T00:00:00\u0000+00:00', id: uuid }),
  ];
  for (const list of ['buildings', 'sessions', 'runs', 'datasets', 'scripts']) {
    it(`GET /api/${list} with a tampered cursor → 400 naming cursor`, async () => {
      for (const cursor of tampered) {
        const res = await t.app.inject({ url: `/api/${list}?cursor=${encodeURIComponent(cursor)}` });
        expect(res.statusCode, cursor).toBe(400);
        expect(res.json().details[0].path, cursor).toBe('cursor');
      }
    });
  }

  it('extreme but real timestamps are valid cursors (an empty page, not a 500)', async () => {
    for (const createdAt of [
      '0001-01-01T00:00:00+15:59',
      '9999-12-31T23:59:59.999999-15:59',
      '2026-01-01 00:00:00Z',
    ]) {
      const res = await t.app.inject({
        url: `/api/buildings?cursor=${encodeCursor({ createdAt, id: uuid })}`,
      });
      expect(res.statusCode, createdAt).toBeLessThan(500);
    }
  });
});
