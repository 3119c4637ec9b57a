/**
 * Fuzz of the read side: random query strings and path parameters on every GET/DELETE route never
 * produce a 5xx (malformed and tampered cursors, out-of-range numbers, arrays of values, odd
 * characters, NUL bytes and lone surrogates), and no answer is over 64 kB.
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
/** A cursor's timestamp with every part out of range now and then (offsets, hours, year 0000). */
const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const tamperedTimestamp = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
    two(99),
    two(99),
    two(99),
    two(99),
    two(99),
    fc.oneof(
      fc.constant(''),
      fc.integer({ min: 0, max: 9_999_999 }).map((n) => `.${n}`),
    ),
    fc.oneof(
      fc.constantFrom('Z', '+00:00', '-00:00', '+15:59', '-15:59', '+16:00', '+99:99', '+0530', '+05', ''),
      fc.tuple(fc.constantFrom('+', '-'), two(99), two(99)).map(([s, h, m]) => `${s}${h}:${m}`),
    ),
    fc.constantFrom('T', ' ', 't', '\u0000'),
  )
  .map(([y, mo, d, h, mi, sec, frac, off, sep]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${sec}${frac}${off}`);
const cursor = fc.oneof(
  oddText,
  tamperedTimestamp.map((createdAt) => encodeCursor({ createdAt, id: uuid })),
  fc
    .tuple(tamperedTimestamp, fc.oneof(fc.uuid(), fc.string(), fc.constant(uuid)))
    .map(([createdAt, id]) => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url')),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
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
/** Percent-encodings of NUL, a lone surrogate (CESU-8), overlong and cut UTF-8, spliced in raw. */
const hostileEscape = fc.constantFrom(
  '%00',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%C0%80',
  '%F0%9F',
  '%FF',
  'a%00b',
  '%u0000',
);
const lists = ['/api/buildings', '/api/sessions', '/api/runs', '/api/datasets', '/api/scripts'];

const urls = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...lists),
      fc.constantFrom('limit', 'cursor', 'status', 'buildingId', 'includeArchived'),
      hostileEscape,
    )
    .map(([path, key, value]) => `${path}?${key}=${value}`),
  fc
    .tuple(fc.constantFrom('buildings', 'sessions', 'runs', 'datasets', 'scripts', 'models'), hostileEscape)
    .map(([r, id]) => `/api/${r}/${id}`),
  fc.tuple(fc.constantFrom(...lists), query).map(
    ([path, q]) =>
      `${path}?${Object.entries(q)
        .map(([k, v]) => `${k}=${enc(v)}`)
        .join('&')}`,
  ),
  fc
    .tuple(fc.constantFrom('buildings', 'sessions', 'runs', 'datasets', 'scripts'), param)
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
        expect(res.rawPayload.length).toBeLessThanOrEqual(64 * 1024);
        if (res.statusCode >= 400) expect(Array.isArray(res.json().details)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('every tampered cursor on every list is a 400 naming cursor, or a page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), tamperedTimestamp, async (list, createdAt) => {
        const res = await t.app.inject(`${list}?cursor=${encodeCursor({ createdAt, id: uuid })}`);
        expect(res.statusCode, `${createdAt}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode === 400) expect(res.json().details[0].path).toBe('cursor');
        else expect(res.statusCode).toBe(200);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
