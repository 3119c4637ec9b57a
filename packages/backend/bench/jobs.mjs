#!/usr/bin/env node
/**
 * Benchmark: comparison-run throughput with 1, 2 and 3 `hoistway-sim worker` processes (one thread
 * each), printed as ratios against one worker. The backend (built, in this process) only queues and
 * aggregates (RUN_EXECUTION=workers). Needs DATABASE_URL's PostgreSQL (a scratch database is created
 * beside it and dropped) and the built packages (npm run build). Worker counts: BENCH_WORKERS="1 2 3".
 * On a machine with C cores the ratio is bounded by C; N machines each running workers add up, since
 * the queue is the only thing they share (one fetch and two writes per task).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const server = process.env.DATABASE_URL;
if (!server) throw new Error('set DATABASE_URL (a PostgreSQL server; workers cannot reach PGlite)');
// Tasks of about a second each, so the measure is the simulations and not the queue's round trips.
const SEEDS = Number(process.env.BENCH_SEEDS ?? 16);
const HOURS = Number(process.env.BENCH_HOURS ?? 72);
const counts = (process.env.BENCH_WORKERS ?? '1 2 3').split(/\s+/).filter(Boolean).map(Number);
const { buildApp, loadConfig } = await import('../dist/index.js');

const name = `hoistway_bench_jobs_${Date.now().toString(36)}`;
const admin = postgres(server, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const app = await buildApp({
  config: loadConfig({
    DATABASE_URL: url.toString(),
    RUN_EXECUTION: 'workers',
    RATE_LIMIT_MAX: '0',
    HOST: '127.0.0.1',
    AUTH_MODE: 'local-single-user',
  }),
  logger: false,
});
await app.ready();

const floors = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => ({ name: String(k), height: 3.6, population: 80 }));
const building = {
  name: 'Bench',
  floors: [{ name: 'G', height: 4.5, population: 0, entrance: true }, ...floors],
  groups: [
    {
      name: 'A',
      servedFloors: [0, ...floors.map((_, i) => i + 1)],
      cars: [1, 2, 3, 4].map((k) => ({
        id: `A${k}`,
        capacity: 13,
        speed: 1.6,
        acceleration: 1,
        jerk: 1.5,
        homeFloor: 0,
      })),
    },
  ],
};
const buildingId = (await app.inject({ method: 'POST', url: '/api/buildings', payload: building })).json().id;
const request = {
  buildingId,
  traffic: { kind: 'template', template: 'interfloor', intensity: 15 },
  dispatchers: [{ name: 'collective' }, { name: 'eta' }],
  seeds: Array.from({ length: SEEDS }, (_, k) => k + 1),
  duration: HOURS * 3600,
  warmUp: 300,
};

/** Starts n workers, waits for each to say it consumes, times one run, stops them. */
async function measure(n) {
  const children = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const child = spawn(
        process.execPath,
        [`${repoRoot}packages/simulator/bin/hoistway-sim.js`, 'worker', '--threads', '1', '--name', `w${i}`],
        { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      children.push(child);
      return new Promise((resolve) => {
        let out = '';
        child.stderr.on('data', (d) => {
          out += d;
          if (out.includes(' consuming ')) resolve();
        });
      });
    }),
  );
  const t0 = performance.now();
  const id = (await app.inject({ method: 'POST', url: '/api/runs', payload: request })).json().id;
  await app.services.runManager.settled(id);
  const seconds = (performance.now() - t0) / 1000;
  const perWorker = await app.services.database.query(
    'select worker, count(*)::int as n from run_tasks where run_id = $1 group by 1 order by 1',
    [id],
  );
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.on('close', r))));
  return { workers: n, seconds, tasks: perWorker.map((w) => `${w.worker}:${w.n}`).join(' ') };
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${2 * SEEDS} tasks (2 dispatchers × ${SEEDS} seeds, ${HOURS} h interfloor at 15 %)`,
);
const results = [];
for (const n of counts) results.push(await measure(n));
const base = results[0].seconds;
for (const r of results)
  console.log(
    `${r.workers} worker(s): ${r.seconds.toFixed(1)} s, ×${(base / r.seconds).toFixed(2)} (tasks ${r.tasks})`,
  );
await app.close();
await admin.unsafe(`drop database ${name} with (force)`);
await admin.end();
