/**
 * Durability: a real backend process (the built `dist/main.js`) on PostgreSQL runs a live session,
 * is killed with SIGKILL mid-run, and a new process resumes the session by itself from its last
 * checkpoint; the final results equal, byte for byte, an uninterrupted in-process run of the same
 * inputs and command log.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  buildingSchema,
  SOCKET_IO_PATH,
  type LiveFrame,
  type LiveSessionState,
  type SimulationResults,
} from '@hoistway/shared-types';
import { generateArrivals, Simulation } from '@hoistway/simulator';
import postgres from 'postgres';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceApplyingLog } from '../src/live/worker/command-log.js';
import type { CommandLogEntry } from '../src/repositories/sessions.js';
import { officeBuilding } from './helpers/fixtures.js';
import type { LiveClient } from './live-helpers.js';
import { sleep, waitFor } from './live-helpers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `live_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
const databaseUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const CHECKPOINT_MS = 2000;
const SPEED = 10;

const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const processes: ChildProcess[] = [];
const clients: LiveClient[] = [];

/** Starts `node packages/backend/dist/main.js` and resolves with its URL once it listens. */
async function startBackend(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['packages/backend/dist/main.js'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_MODE: 'local-single-user',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '0',
      LIVE_CHECKPOINT_MS: String(CHECKPOINT_MS),
      LIVE_WORKERS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(child);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/\S+?)\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}:\n${output}`)));
  });
  return { child, url };
}

async function api(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function viewer(url: string, sessionId: string) {
  const client: LiveClient = connectClient(url, {
    path: SOCKET_IO_PATH,
    transports: ['websocket'],
    forceNew: true,
  });
  clients.push(client);
  const frames: LiveFrame[] = [];
  client.on('frame', (f) => f.sessionId === sessionId && frames.push(f));
  const res = await client.emitWithAck('join', { sessionId });
  if (!res.ok) throw new Error(res.message);
  return { client, frames, joined: res };
}

/** JSON with object keys sorted (jsonb stores keys in its own order): equal data ⇔ equal bytes. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

beforeAll(async () => {
  // The test runs the built backend (as production does): bring dist/ up to date (incremental).
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-b', 'packages/backend/tsconfig.lib.json'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  await admin.unsafe(`create database "${dbName}"`);
}, 240_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await sleep(200);
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
});

describe('restart and resume', () => {
  it('resumes running sessions after kill -9 and ends with the results of an uninterrupted run', async () => {
    const first = await startBackend();
    const building = await api(first.url, 'POST', '/api/buildings', officeBuilding('Restart office'));
    const config = { duration: 1200, warmUp: 120, seed: 4242, dispatcher: { name: 'eta' } };
    const running = (
      await api(first.url, 'POST', '/api/sessions', { buildingId: building.id, config, speed: SPEED })
    ).id;
    const paused = (
      await api(first.url, 'POST', '/api/sessions', { buildingId: building.id, config, speed: SPEED })
    ).id;
    const control = (url: string, id: string, c: object) =>
      api(url, 'POST', `/api/sessions/${id}/control`, c) as Promise<{ state: LiveSessionState }>;

    const before = await viewer(first.url, running);
    await control(first.url, running, { type: 'start' });
    await control(first.url, paused, { type: 'start' });
    await sleep(500);
    await control(first.url, running, { type: 'passenger', origin: 0, destination: 6, count: 4 });
    await control(first.url, paused, { type: 'pause' });
    await sleep(700);
    await control(first.url, running, { type: 'hallCall', floor: 5, direction: 'down' });
    await sleep(300);
    await control(first.url, running, { type: 'dispatcher', dispatcher: { name: 'nearest' } });
    // Run long enough for periodic checkpoints, then kill the process without warning.
    await sleep(CHECKPOINT_MS + 1500);
    const lastSeen = before.frames.at(-1)!.time;
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const direct = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const [stored] = await direct.unsafe('select status, sim_time from sessions where id = $1', [running]);
    await direct.end();
    expect(stored!.status).toBe('running');
    const checkpointTime = Number(stored!.sim_time);
    expect(checkpointTime).toBeGreaterThan(0);
    expect(lastSeen - checkpointTime).toBeLessThanOrEqual((CHECKPOINT_MS / 1000) * SPEED + 2);

    // A new process: the running session carries on by itself, before anyone asks; the paused one stays paused.
    const second = await startBackend();
    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const storedTime = async () =>
      Number((await db.unsafe('select sim_time from sessions where id = $1', [running]))[0]!.sim_time);
    // Nobody has joined yet: the new process's own checkpoints show the clock moving on.
    await waitFor(async () => (await storedTime()) > checkpointTime, 15_000);
    await db.end();
    const after = await viewer(second.url, running);
    expect(after.joined.state.status).toBe('running');
    const resumedAt = after.joined.state.time;
    expect(resumedAt).toBeGreaterThanOrEqual(checkpointTime);
    expect(lastSeen - resumedAt).toBeLessThanOrEqual((CHECKPOINT_MS / 1000) * SPEED + 2);
    await waitFor(() => after.frames.length >= 3 && after.frames.at(-1)!.time > resumedAt);
    console.info(
      `restart: last frame seen t=${lastSeen} s, checkpoint t=${checkpointTime} s, resumed at t=${resumedAt} s`,
    );
    const pausedView = await viewer(second.url, paused);
    expect(pausedView.joined.state.status).toBe('paused');

    // One more command after the restart, then run to the end as fast as possible.
    await control(second.url, running, { type: 'passenger', origin: 3, destination: 0, count: 2 });
    const finished = new Promise<SimulationResults>((resolve) =>
      after.client.on('finished', (m) => resolve(m.results)),
    );
    await control(second.url, running, { type: 'speed', speed: 'max' });
    const pushed = await finished;
    const { results } = (await api(second.url, 'GET', `/api/sessions/${running}/results`)) as {
      results: SimulationResults;
    };
    const detail = await api(second.url, 'GET', `/api/sessions/${running}`);
    expect(detail.status).toBe('finished');
    const log = detail.commandLog as CommandLogEntry[];
    expect(log.map((e) => e.command.type)).toEqual(['passenger', 'hallCall', 'dispatcher', 'passenger']);

    // The same inputs and command log, simulated in one go in this process.
    const definition = buildingSchema.parse(
      (await api(second.url, 'GET', `/api/buildings/${building.id}/versions/${detail.buildingVersion}`))
        .definition,
    );
    const arrivals = generateArrivals(definition, detail.traffic, {
      seed: detail.config.seed,
      duration: detail.config.duration,
    });
    const sim = new Simulation(definition, arrivals, detail.config);
    advanceApplyingLog(sim, log, 0, Infinity);
    const uninterrupted = sim.results();

    expect(canonicalJson(results)).toBe(canonicalJson(uninterrupted));
    expect(canonicalJson(pushed)).toBe(canonicalJson(uninterrupted));
    expect(uninterrupted.endTime).toBe(1200);
    // The commands mattered: without them the run differs.
    const plain = new Simulation(definition, arrivals, detail.config);
    plain.runToEnd();
    expect(canonicalJson(plain.results())).not.toBe(canonicalJson(uninterrupted));
    second.child.kill('SIGTERM');
  }, 120_000);
});
