/**
 * Fuzz of the read side: random query strings and path parameters on every GET/DELETE route never
 * produce a 5xx (malformed cursors, out-of-range numbers, arrays of values, odd characters).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '@hoistway/shared-types';
import { officeBuilding } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let buildingId: string;
beforeAll(async () => {
  t = await createTestApp();
  buildingId = (
    await t.app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Reads') })
  ).json().id;
});
afterAll(() => t.close());

const uuid = '00000000-0000-4000-8000-000000000000';
const oddText = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e9',
    '3000000000',
    '9999999999999999999',
    'NaN',
    'null',
    '[]',
    '%00',
    uuid,
  ),
  fc.integer().map(String),
);
const cursor = fc.oneof(
  oddText,
  fc
    .tuple(fc.string(), fc.string())
    .map(([a, b]) => Buffer.from(JSON.stringify([a, b])).toString('base64url')),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
    )
    .map(([y, m, d]) =>
      encodeCursor({
        createdAt: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00+00:00`,
        id: uuid,
      }),
    ),
);
const param = fc.oneof(oddText, fc.constant(uuid), fc.uuid());
const query = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'status', 'buildingId', 'includeArchived', 'x'),
  fc.oneof(oddText, cursor),
  {
    maxKeys: 4,
  },
);

const enc = encodeURIComponent;
const urls = fc.oneof(
  fc.tuple(fc.constantFrom('/api/buildings', '/api/sessions', '/api/runs', '/api/datasets'), query).map(
    ([path, q]) =>
      `${path}?${Object.entries(q)
        .map(([k, v]) => `${k}=${enc(v)}`)
        .join('&')}`,
  ),
  fc
    .tuple(fc.constantFrom('buildings', 'sessions', 'runs', 'datasets'), param)
    .map(([r, id]) => `/api/${r}/${enc(id)}`),
  fc.tuple(param, oddText).map(([id, v]) => `/api/buildings/${enc(id)}/versions/${enc(v)}`),
  oddText.map((v) => `/api/buildings/${buildingId}/versions/${enc(v)}`),
  param.map((id) => `/api/buildings/${enc(id)}/export`),
);

describe('fuzzing the read routes', () => {
  it('1,000 random GET and DELETE requests: no 5xx, errors in the one shape', async () => {
    await fc.assert(
      fc.asyncProperty(urls, fc.constantFrom('GET' as const, 'DELETE' as const), async (url, method) => {
        const res = await t.app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(Array.isArray(res.json().details)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
