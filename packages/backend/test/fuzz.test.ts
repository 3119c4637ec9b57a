/**
 * Fuzz: ≥ 1,000 random or mutated bodies per write route (NUL bytes and lone surrogates among the
 * values and keys), and large bodies made of duplicates. Whatever arrives, the answer is never a 5xx,
 * never over 64 kB, every error has the one error shape, and a rejected request leaves every table
 * as it was.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from './helpers/fixtures.js';
import type { Method } from './helpers/inject.js';
import { createTestApp, fakeExecutor, type TestApp } from './helpers/test-app.js';

const RUNS_PER_ROUTE = 1000;
/** No answer to any input is larger than this. */
const MAX_RESPONSE_BYTES = 64 * 1024;

let t: TestApp;
let buildingId: string;
let runId: string;

beforeAll(async () => {
  t = await createTestApp({ executor: fakeExecutor() });
  buildingId = (
    await t.app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Fuzz') })
  ).json().id;
  runId = (
    await t.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: { buildingId, dispatchers: [{ name: 'eta' }], seeds: [1] },
    })
  ).json().id;
  await t.app.services.runManager.settled(runId);
});
afterAll(() => t.close());

/** Everything a request could change, in one string. */
async function fingerprint(): Promise<string> {
  const [row] = await t.db.database.rows<{ fp: string }>(sql`select concat_ws('|',
    (select count(*) from buildings), (select coalesce(sum(current_version), 0) from buildings),
    (select count(*) filter (where archived) from buildings), (select max(updated_at) from buildings),
    (select count(*) from building_versions), (select count(*) from sessions), (select max(updated_at) from sessions),
    (select count(*) from runs), (select max(updated_at) from runs), (select count(*) from datasets)) as fp`);
  return row!.fp;
}

// ----- body generators: mutations of a valid body, arbitrary JSON, and broken JSON text -------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    0.5,
    '',
    'x'.repeat(300),
    [],
    {},
    '00000000-0000-4000-8000-000000000000',
    // Text PostgreSQL cannot store: NUL, lone surrogates (JSON.stringify escapes them as \u…).
    '\u0000',
    'Lobby\u0000',
    '\ud800',
    'a\udfffb',
    '\ud83d',
  ),
  fc.integer() as fc.Arbitrary<Json>,
  fc.double({ noNaN: true, noDefaultInfinity: true }) as fc.Arbitrary<Json>,
  fc.string() as fc.Arbitrary<Json>,
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

type Mutation = { kind: 'replace' | 'delete' | 'add'; at: number; value: Json; key: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'add'),
  at: fc.nat(),
  value: oddValue,
  key: fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('name', 'id', 'seed', 'speed', 'kind', '__proto__', 'constructor', '\u0000', '\ud800'),
  ),
});

function applyMutation(body: Json, m: Mutation): Json {
  const paths = pathsOf(body);
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.kind === 'replace' ? m.value : body;
  const copy = structuredClone(body);
  let parent: Json = copy;
  for (const part of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[part]!;
  const last = path[path.length - 1]!;
  const container = parent as Record<string | number, Json>;
  if (m.kind === 'replace') container[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(container)) container.splice(last as number, 1);
    else delete container[last];
  } else {
    const target = container[last];
    if (target && typeof target === 'object' && !Array.isArray(target))
      (target as Record<string, Json>)[m.key] = m.value;
    else container[last] = m.value;
  }
  return copy;
}

type Payload = { json: Json } | { text: string };
function bodies(valid: () => Json): fc.Arbitrary<Payload> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(mutation, { minLength: 1, maxLength: 3 })
        .map((ms) => ({ json: ms.reduce(applyMutation, valid()) })),
    },
    { weight: 2, arbitrary: (fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>).map((json) => ({ json })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.string(), fc.constant('{"a":'), fc.constant('[1,2'), fc.constant('\u0000'))
        .map((text) => ({ text })),
    },
  );
}

// ----- the routes ---------------------------------------------------------------------------------------

interface Route {
  method: Method;
  url: () => string;
  valid: () => Json;
}

const routes: Record<string, Route> = {
  'POST /api/buildings': {
    method: 'POST',
    url: () => '/api/buildings',
    valid: () => officeBuilding() as Json,
  },
  'PUT /api/buildings/:id': {
    method: 'PUT',
    url: () => `/api/buildings/${buildingId}`,
    valid: () => officeBuilding() as Json,
  },
  'PATCH /api/buildings/:id': {
    method: 'PATCH',
    url: () => `/api/buildings/${buildingId}`,
    valid: () => ({ archived: false }),
  },
  'POST /api/buildings/import': {
    method: 'POST',
    url: () => '/api/buildings/import',
    valid: () => ({ format: 'hoistway.building', formatVersion: 1, building: officeBuilding() as Json }),
  },
  'POST /api/sessions': {
    method: 'POST',
    url: () => '/api/sessions',
    valid: () => ({
      buildingId,
      traffic: { kind: 'template', template: 'up-peak', intensity: 12 },
      config: { seed: 3, dispatcher: { name: 'eta', ridingWeight: 0.5 }, duration: 1800, warmUp: 300 },
      speed: 5,
    }),
  },
  'POST /api/runs': {
    method: 'POST',
    url: () => '/api/runs',
    valid: (): Json => ({
      buildingId,
      dispatchers: [{ name: 'nearest' }, { name: 'sectoring', sectors: 2 }],
      seeds: [1, 2],
      duration: 900,
    }),
  },
  'POST /api/runs/:id/cancel': { method: 'POST', url: () => `/api/runs/${runId}/cancel`, valid: () => ({}) },
};

describe('fuzzing the write routes', () => {
  for (const [name, route] of Object.entries(routes)) {
    it(`${name}: ${RUNS_PER_ROUTE} random bodies, no 5xx, rejected ones change nothing`, async () => {
      let rejected = 0;
      await fc.assert(
        fc.asyncProperty(bodies(route.valid), async (payload) => {
          const before = await fingerprint();
          const res = await t.app.inject({
            method: route.method,
            url: route.url(),
            headers: { 'content-type': 'application/json' },
            payload: 'json' in payload ? JSON.stringify(payload.json) : payload.text,
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          expect(res.rawPayload.length).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
          if (res.statusCode >= 400) {
            rejected += 1;
            const body = res.json();
            expect(typeof body.error).toBe('string');
            expect(typeof body.message).toBe('string');
            expect(Array.isArray(body.details)).toBe(true);
            expect(await fingerprint()).toBe(before);
          } else if (route.method === 'POST' && route.url() === '/api/runs') {
            await t.app.services.runManager.settled(res.json().id);
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      // The generators mostly produce invalid input: the rejection path is what is exercised.
      expect(rejected).toBeGreaterThan(RUNS_PER_ROUTE / 2);
    }, 180_000);
  }
});

// ----- large bodies made of duplicates -----------------------------------------------------------------

/** `valid` with its longest array (or a new one) filled with copies of one element up to about `bytes`. */
function duplicated(valid: Json, bytes: number, element?: Json): string {
  const body = structuredClone(valid) as Record<string, Json>;
  const arrays = pathsOf(body).filter((p) => {
    let v: Json = body;
    for (const part of p) v = (v as Record<string | number, Json>)[part]!;
    return Array.isArray(v) && v.length > 0;
  });
  const target = arrays[arrays.length - 1];
  const marker = '"__DUPLICATES__"';
  let copy: Json;
  if (target) {
    let parent: Json = body;
    for (const part of target.slice(0, -1)) parent = (parent as Record<string | number, Json>)[part]!;
    const last = target[target.length - 1]!;
    const array = (parent as Record<string | number, Json>)[last] as Json[];
    copy = element ?? array[0]!;
    (parent as Record<string | number, Json>)[last] = marker;
  } else {
    copy = element ?? { name: 'x' };
    body['extra'] = marker;
  }
  const text = JSON.stringify(copy);
  const count = Math.max(1, Math.floor(bytes / (text.length + 1)));
  return JSON.stringify(body).replace(marker, `[${Array(count).fill(text).join(',')}]`);
}

/** One object with the same key repeated (JSON.parse keeps the last one) up to about `bytes`. */
function repeatedKeys(bytes: number): string {
  const pair = '"name":"' + 'n'.repeat(30) + '"';
  return `{${Array(Math.floor(bytes / (pair.length + 1)))
    .fill(pair)
    .join(',')}}`;
}

describe('large bodies made of duplicates', () => {
  for (const [name, route] of Object.entries(routes)) {
    it(`${name}: 1 and 4 MB bodies of copies get a small 4xx and change nothing`, async () => {
      const before = await fingerprint();
      const payloads = [
        duplicated(route.valid(), 1_000_000),
        duplicated(route.valid(), 4_000_000),
        duplicated(route.valid(), 1_000_000, { bad: '\u0000', deep: [[[{ x: '\ud800' }]]] }),
        duplicated(route.valid(), 2_000_000, 'x'),
        repeatedKeys(2_000_000),
      ];
      for (const payload of payloads) {
        const started = performance.now();
        const res = await t.app.inject({
          method: route.method,
          url: route.url(),
          headers: { 'content-type': 'application/json' },
          payload,
        });
        const ms = performance.now() - started;
        expect(res.statusCode, res.body.slice(0, 500)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
        expect(res.rawPayload.length).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
        expect(Array.isArray(res.json().details)).toBe(true);
        if (ms > 1000)
          console.log(`${name}: ${(payload.length / 1e6).toFixed(1)} MB took ${ms.toFixed(0)} ms`);
      }
      expect(await fingerprint()).toBe(before);
    }, 120_000);
  }
});
