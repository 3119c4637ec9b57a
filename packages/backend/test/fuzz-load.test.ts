/**
 * Hostile requests in parallel against a real listening server (not `inject`, so the concurrency is
 * the event loop's): megabytes of invalid duplicates, NUL bytes and lone surrogates, tampered cursors,
 * over-budget work. None gets a 5xx or an answer over 64 kB, nothing is stored, and /api/health keeps
 * answering meanwhile. The bound on its latency is generous (a loaded CI machine is slow); the
 * measured figures are printed.
 */
import { encodeCursor } from '@hoistway/shared-types';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const PORT = Number(process.env['FUZZ_LOAD_PORT'] ?? 5304);
const HEALTH_BOUND_MS = 2000;
const MAX_RESPONSE_BYTES = 64 * 1024;
const WORKERS = 4;
const ROUNDS = 3;

let t: TestApp;
let base: string;
let buildingId: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: PORT, host: '127.0.0.1' });
  base = `http://127.0.0.1:${PORT}`;
  buildingId = (
    await t.app.inject({ method: 'POST', url: '/api/buildings', payload: officeBuilding('Load') })
  ).json().id;
});
afterAll(() => t.close());

async function fingerprint(): Promise<string> {
  const [row] = await t.db.database.rows<{ fp: string }>(sql`select concat_ws('|',
    (select count(*) from buildings), (select count(*) from building_versions), (select count(*) from sessions),
    (select count(*) from runs), (select count(*) from datasets), (select count(*) from dispatcher_scripts)) as fp`);
  return row!.fp;
}

const copies = (text: string, bytes: number) =>
  Array(Math.floor(bytes / (text.length + 1)))
    .fill(text)
    .join(',');
const badFloor = JSON.stringify({ name: 7, height: 'high', population: -1, entrance: 'yes' });
const uuid = '00000000-0000-4000-8000-000000000000';

interface Hostile {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

function hostileRequests(): Hostile[] {
  const building = JSON.stringify(officeBuilding('Hostile'));
  return [
    {
      method: 'POST',
      path: '/api/buildings',
      body: `{"name":"x","groups":[],"floors":[${copies(badFloor, 2e6)}]}`,
    },
    {
      method: 'POST',
      path: '/api/buildings',
      body: `{"name":"x","groups":[],"floors":[${copies(badFloor, 5e6)}]}`,
    },
    {
      method: 'POST',
      path: '/api/sessions',
      body: JSON.stringify({
        buildingId,
        traffic: {
          kind: 'passengers',
          passengers: Array.from({ length: 49_000 }, () => ({ time: 'x', origin: -1, destination: 1 })),
        },
      }),
    },
    {
      // Well-formed, but far over the work budget: refused before anything runs.
      method: 'POST',
      path: '/api/sessions',
      body: JSON.stringify({
        buildingId,
        traffic: {
          kind: 'passengers',
          passengers: Array.from({ length: 49_000 }, (_, k) => ({
            time: k,
            origin: 0,
            destination: 1,
            count: 100,
          })),
        },
      }),
    },
    { method: 'POST', path: '/api/buildings', body: building.replace('"Hostile"', '"Hos\\u0000tile"') },
    { method: 'POST', path: '/api/buildings', body: building.replace('"Hostile"', '"\\ud800"') },
    {
      method: 'POST',
      path: '/api/scripts',
      body: JSON.stringify({ name: 'x', source: `${'y'.repeat(60_000)}\u0000` }),
    },
    {
      method: 'GET',
      path: `/api/sessions?cursor=${encodeCursor({ createdAt: '0000-01-01T00:00:00+00:00', id: uuid })}`,
    },
    {
      method: 'GET',
      path: `/api/runs?cursor=${encodeCursor({ createdAt: '2026-01-01T00:00:00+99:00', id: uuid })}`,
    },
    { method: 'GET', path: '/api/buildings/%ED%A0%80' },
    { method: 'GET', path: '/api/buildings?cursor=%00' },
  ];
}

describe('hostile requests in parallel', () => {
  it('no 5xx, small answers, nothing stored, and /api/health keeps answering', async () => {
    const before = await fingerprint();
    const requests = hostileRequests();
    let running = true;
    const latencies: number[] = [];
    const health = (async () => {
      while (running) {
        const started = performance.now();
        const res = await fetch(`${base}/api/health`);
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        expect(res.status).toBe(200);
      }
    })();
    const failures: string[] = [];
    let answered = 0;
    const worker = async (offset: number) => {
      for (let round = 0; round < ROUNDS; round++)
        for (let k = 0; k < requests.length; k++) {
          const r = requests[(k + offset) % requests.length]!;
          const res = await fetch(base + r.path, {
            method: r.method,
            headers: r.body === undefined ? {} : { 'content-type': 'application/json' },
            body: r.body,
          });
          const bytes = (await res.arrayBuffer()).byteLength;
          answered++;
          if (res.status >= 500 || res.status < 400 || bytes > MAX_RESPONSE_BYTES)
            failures.push(`${r.method} ${r.path.slice(0, 60)} → ${res.status}, ${bytes} bytes`);
        }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w * 3)));
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await health;

    const sorted = [...latencies].sort((a, b) => a - b);
    const max = sorted[sorted.length - 1] ?? 0;
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
      `hostile: ${answered} requests by ${WORKERS} clients in ${seconds.toFixed(1)} s; ` +
        `/api/health meanwhile: ${latencies.length} answers, median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms`,
    );
    expect(failures).toEqual([]);
    expect(answered).toBe(WORKERS * ROUNDS * requests.length);
    expect(latencies.length).toBeGreaterThan(0);
    expect(max).toBeLessThan(HEALTH_BOUND_MS);
    expect(await fingerprint()).toBe(before);
  }, 180_000);
});
