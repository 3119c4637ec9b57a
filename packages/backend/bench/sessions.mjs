#!/usr/bin/env node
/**
 * Benchmark: `GET /api/sessions?limit=50` (50 sessions stored) against a bare Fastify route returning
 * the same JSON, measured with autocannon in the same run. Target: the API sustains >= 35% of the bare
 * route's requests/s. Uses the built backend (npx tsc -b packages/backend/tsconfig.lib.json) and the
 * PostgreSQL of DATABASE_URL when set, else PGlite. Writes bench-results/backend.json at the repo root.
 *
 * The servers run in a child process so autocannon does not share their event loop.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET_RATIO = 0.35;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
// Rounds alternate bare and API, so a burst of load from other processes hits both alike; the
// reported figure is the median ratio of the rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

if (process.argv[2] === 'serve') await serve();
else await measure();

async function serve() {
  const { default: Fastify } = await import('fastify');
  const { buildApp, loadConfig } = await import('../dist/index.js');
  const { default: postgres } = await import('postgres');
  // On a server: a database of its own, dropped afterwards. Otherwise PGlite in a temporary directory.
  const serverUrl = process.env.DATABASE_URL || undefined;
  const dataDir = serverUrl ? undefined : mkdtempSync(join(tmpdir(), 'hoistway-bench-'));
  const benchDb = `hoistway_bench_${Date.now().toString(36)}`;
  const admin = serverUrl ? postgres(serverUrl, { max: 1, onnotice: () => {} }) : undefined;
  let databaseUrl;
  if (admin) {
    await admin.unsafe(`create database "${benchDb}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${benchDb}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir ?? 'unused',
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'silent',
    // Measures the app itself: the no-login mode (loopback only), as a laptop runs it.
    HOST: '127.0.0.1',
    AUTH_MODE: 'local-single-user',
  });
  const app = await buildApp({ config, logger: false });
  // A fresh data set: one building, 50 sessions.
  const building = JSON.parse(readFileSync(new URL('./building.json', import.meta.url), 'utf8'));
  const { id: buildingId } = (
    await app.inject({ method: 'POST', url: '/api/buildings', payload: building })
  ).json();
  for (let seed = 0; seed < 50; seed++) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { buildingId, config: { seed } },
    });
    if (res.statusCode !== 201) throw new Error(`seeding failed: ${res.body}`);
  }
  const url = `/api/sessions?limit=50&buildingId=${buildingId}`;
  const page = (await app.inject(url)).json();
  if (page.items.length !== 50) throw new Error('expected a page of 50');
  await app.listen({ port: 0, host: '127.0.0.1' });

  const bare = Fastify({ logger: false });
  bare.get('/same-json', async () => page);
  await bare.listen({ port: 0, host: '127.0.0.1' });

  const port = (server) => server.server.address().port;
  process.stdout.write(
    JSON.stringify({
      api: `http://127.0.0.1:${port(app)}${url}`,
      bare: `http://127.0.0.1:${port(bare)}/same-json`,
      database: app.services.database.kind,
      bytes: JSON.stringify(page).length,
    }) + '\n',
  );
  const stop = async () => {
    await bare.close();
    await app.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (admin) {
      await admin.unsafe(`drop database if exists "${benchDb}" with (force)`);
      await admin.end();
    }
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function measure() {
  const { default: autocannon } = await import('autocannon');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const targets = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const run = async (url) => {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { requestsPerSecond: result.requests.average, latencyP99Ms: result.latency.p99 };
  };
  try {
    for (const url of [targets.bare, targets.api])
      await autocannon({ url, connections: CONNECTIONS, duration: 2 }); // warm-up
    const rounds = [];
    for (let k = 0; k < ROUNDS; k++) {
      const bareRound = await run(targets.bare);
      const apiRound = await run(targets.api);
      rounds.push({
        bare: bareRound,
        api: apiRound,
        ratio: apiRound.requestsPerSecond / bareRound.requestsPerSecond,
      });
    }
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)];
    const { bare, api, ratio } = median;
    const report = {
      benchmark: 'GET /api/sessions?limit=50 vs bare Fastify route returning the same JSON',
      date: new Date().toISOString(),
      database: targets.database,
      responseBytes: targets.bytes,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      rounds: rounds.map((r) => Number(r.ratio.toFixed(3))),
      bare,
      api,
      ratio: Number(ratio.toFixed(3)),
      target: TARGET_RATIO,
      pass: ratio >= TARGET_RATIO,
    };
    console.log(
      `bare ${bare.requestsPerSecond.toFixed(0)} req/s, /api/sessions ${api.requestsPerSecond.toFixed(0)} req/s ` +
        `(${targets.database}): median ratio ${(ratio * 100).toFixed(1)}% of rounds ` +
        `[${rounds.map((r) => (r.ratio * 100).toFixed(1)).join(', ')}]% (target >= ${TARGET_RATIO * 100}%) ${report.pass ? 'PASS' : 'FAIL'}`,
    );
    mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
    const file = join(repoRoot, 'bench-results', 'backend.json');
    let previous = {};
    try {
      previous = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // first run
    }
    writeFileSync(
      file,
      JSON.stringify(
        { ...previous, sessionsList: { ...previous.sessionsList, [targets.database]: report } },
        null,
        2,
      ) + '\n',
    );
    if (!report.pass) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
  }
}
