/**
 * Backend replicas on one PostgreSQL database share live sessions: a viewer on replica B watches and
 * controls a session that replica A hosts (requests forwarded to A, answers and errors as if A were
 * asked), and when A is killed with SIGKILL, B takes the session over from its checkpoint within the
 * lease window; frames go on and the final results equal an uninterrupted run's.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  buildingSchema,
  SOCKET_IO_PATH,
  type LiveAck,
  type LiveSessionState,
  type SimulationResults,
} from '@hoistway/shared-types';
import { sessionLeases } from '@hoistway/shared-types/db';
import { generateArrivals, Simulation } from '@hoistway/simulator';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { advanceApplyingLog } from '../src/live/worker/command-log.js';
import { SessionLeaseRepository } from '../src/repositories/session-leases.js';
import type { CommandLogEntry } from '../src/repositories/sessions.js';
import { officeBuilding } from './helpers/fixtures.js';
import { fakeExecutor } from './helpers/test-app.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers/test-database.js';
import { waitFor, type LiveClient } from './live-helpers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const clients: LiveClient[] = [];

async function connect(url: string): Promise<LiveClient> {
  const client: LiveClient = connectClient(url, {
    path: SOCKET_IO_PATH,
    transports: ['websocket'],
    forceNew: true,
  });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', reject);
  });
  return client;
}

async function api(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

type AnyEmit = (event: string, ...args: unknown[]) => Promise<LiveAck<Record<string, unknown>>>;
const control = (client: LiveClient, sessionId: string, c: object) =>
  (client.emitWithAck as unknown as AnyEmit)('control', { sessionId, control: c }) as Promise<
    LiveAck<{ state: LiveSessionState }>
  >;

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

/** The session's inputs and stored command log simulated in one go, in this process. */
async function uninterruptedResults(url: string, sessionId: string): Promise<SimulationResults> {
  const detail = (await api(url, 'GET', `/api/sessions/${sessionId}`)).body;
  const version = (
    await api(url, 'GET', `/api/buildings/${detail.buildingId}/versions/${detail.buildingVersion}`)
  ).body;
  const definition = buildingSchema.parse(version.definition);
  const arrivals = generateArrivals(definition, detail.traffic, {
    seed: detail.config.seed,
    duration: detail.config.duration,
  });
  const sim = new Simulation(definition, arrivals, detail.config);
  advanceApplyingLog(sim, detail.commandLog as CommandLogEntry[], 0, Infinity);
  return sim.results();
}

afterAll(() => {
  for (const c of clients) c.disconnect();
});

describe.skipIf(!testServerUrl)('two replicas in one process', () => {
  let db: TestDatabase;
  let second: Database;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let urlA: string;
  let urlB: string;

  async function replica(database: Database, replicaId: string): Promise<[FastifyInstance, string]> {
    const config = loadConfig({
      DATA_DIR: 'memory://',
      RATE_LIMIT_MAX: '0',
      HOST: '127.0.0.1',
      AUTH_MODE: 'local-single-user',
    });
    const app = await buildApp({
      config,
      database,
      executor: fakeExecutor(),
      logger: false,
      live: {
        settings: {
          workers: 1,
          frameRate: 10,
          checkpointMs: 300,
          leaseMs: 4000,
          heartbeatMs: 200,
          replicaId,
        },
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    return [app, `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`];
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    second = await openDatabase({ databaseUrl: db.url!, dataDir: 'unused', poolSize: 5 });
    [a, urlA] = await replica(db.database, 'replica-a');
    [b, urlB] = await replica(second, 'replica-b');
    // The replicas have heard of each other through the adapter's heartbeats.
    await waitFor(async () => (await a.io.of('/').adapter.serverCount()) === 2);
    await waitFor(async () => (await b.io.of('/').adapter.serverCount()) === 2);
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await second?.close();
    await db?.drop();
  });

  it('a viewer on B watches and controls a session hosted by A, with the same answers and errors', async () => {
    const building = (await api(urlA, 'POST', '/api/buildings', officeBuilding('Replica office'))).body;
    const config = { duration: 1800, warmUp: 60, seed: 77, dispatcher: { name: 'eta' } };
    const sessionId = (
      await api(urlA, 'POST', '/api/sessions', { buildingId: building.id, config, speed: 20 })
    ).body.id as string;
    expect((await api(urlA, 'POST', `/api/sessions/${sessionId}/control`, { type: 'start' })).status).toBe(
      200,
    );
    const leases = new SessionLeaseRepository(db.database);
    expect(await leases.ownerOf(sessionId)).toBe('replica-a');

    const viewer = await connect(urlB);
    const frames: number[] = [];
    viewer.on('frame', (f) => f.sessionId === sessionId && frames.push(f.time));
    const joined = await viewer.emitWithAck('join', { sessionId });
    if (!joined.ok) throw new Error(joined.message);
    expect(joined.state.status).toBe('running');
    expect(joined.snapshot.cars.length).toBeGreaterThan(0);
    // Frames made on A reach the viewer on B, with the sim clock moving on.
    await waitFor(() => frames.length >= 5 && frames.at(-1)! > frames[0]!);
    // B never loaded the session: A still hosts it.
    expect(b.liveSessions.loadedCount).toBe(0);
    expect(await leases.ownerOf(sessionId)).toBe('replica-a');

    // A command from B's viewer is applied and logged by A, and B's viewer sees the new state.
    const states: LiveSessionState[] = [];
    viewer.on('state', (s) => s.sessionId === sessionId && states.push(s));
    const ack = await control(viewer, sessionId, { type: 'passenger', origin: 0, destination: 5, count: 3 });
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.state.commands).toBe(1);
    await waitFor(() => states.some((s) => s.commands === 1));

    // A refusal comes back with A's error shape and status, over Socket.IO and over REST.
    const viewerA = await connect(urlA);
    const onA = await control(viewerA, sessionId, { type: 'step', seconds: 5 });
    const onB = await control(viewer, sessionId, { type: 'step', seconds: 5 });
    expect(onA.ok).toBe(false);
    expect(onB).toEqual(onA);
    const restA = await api(urlA, 'POST', `/api/sessions/${sessionId}/control`, { type: 'step', seconds: 5 });
    const restB = await api(urlB, 'POST', `/api/sessions/${sessionId}/control`, { type: 'step', seconds: 5 });
    expect(restA.status).toBe(409);
    expect(restB).toEqual(restA);
    const badFloor = { type: 'passenger', origin: 0, destination: 99, count: 1 };
    const badA = await control(viewerA, sessionId, badFloor);
    const badB = await control(viewer, sessionId, badFloor);
    expect(badA.ok === false && badA.error).toBe('Bad Request');
    expect(badB).toEqual(badA);

    // Pause from B (REST), then results from B are A's figures at the same sim time.
    const paused = await api(urlB, 'POST', `/api/sessions/${sessionId}/control`, { type: 'pause' });
    expect(paused.status).toBe(200);
    expect(paused.body.state.status).toBe('paused');
    const resultsA = await api(urlA, 'GET', `/api/sessions/${sessionId}/results`);
    const resultsB = await api(urlB, 'GET', `/api/sessions/${sessionId}/results`);
    expect(resultsB.status).toBe(200);
    expect(canonicalJson(resultsB.body)).toBe(canonicalJson(resultsA.body));
    expect(resultsB.body.state.time).toBe(paused.body.state.time);

    // Run to the end from B: B's viewer gets the final results, equal to an uninterrupted run.
    const finished = new Promise<SimulationResults>((resolve) =>
      viewer.on('finished', (m) => m.sessionId === sessionId && resolve(m.results)),
    );
    expect((await control(viewer, sessionId, { type: 'speed', speed: 'max' })).ok).toBe(true);
    expect((await control(viewer, sessionId, { type: 'resume' })).ok).toBe(true);
    const pushed = await finished;
    expect(canonicalJson(pushed)).toBe(canonicalJson(await uninterruptedResults(urlB, sessionId)));
    // A finished session is hosted by nobody.
    await waitFor(async () => (await leases.ownerOf(sessionId)) === undefined);
    const rows = await db.database.db
      .select()
      .from(sessionLeases)
      .where(eq(sessionLeases.sessionId, sessionId));
    expect(rows).toEqual([]);
  }, 60_000);

  it('keeps the lease of a session whose rebuild takes longer than a lease', async () => {
    const building = (await api(urlA, 'POST', '/api/buildings', officeBuilding('Slow office'))).body;
    const sessionId = (await api(urlA, 'POST', '/api/sessions', { buildingId: building.id })).body
      .id as string;
    // A's read of the session under its new lease (the second one while opening) waits for the test.
    const repo = a.services.sessions;
    const load = repo.loadForLive.bind(repo);
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    repo.loadForLive = async (id) => {
      if (id === sessionId && ++reads === 2) await gate;
      return load(id);
    };
    try {
      const started = api(urlA, 'POST', `/api/sessions/${sessionId}/control`, { type: 'start' });
      const leases = new SessionLeaseRepository(db.database);
      await waitFor(() => reads === 2);
      const [{ until }] = await db.database.rows<{ until: Date }>(
        sql`select now() + interval '4 seconds' as until`,
      );
      // A whole lease (4 s by the database's clock) goes by while the session is still opening.
      await waitFor(async () => {
        const [{ now }] = await db.database.rows<{ now: Date }>(sql`select now() as now`);
        return new Date(now) > new Date(until);
      }, 20_000);
      expect(await leases.ownerOf(sessionId)).toBe('replica-a');
      release();
      expect((await started).status).toBe(200);
      expect(await leases.ownerOf(sessionId)).toBe('replica-a');
      await api(urlA, 'POST', `/api/sessions/${sessionId}/control`, { type: 'stop' });
    } finally {
      release();
      repo.loadForLive = load;
    }
  }, 60_000);

  it('a remote viewer that never left (its replica died) stops counting after two heartbeats', async () => {
    const building = (await api(urlA, 'POST', '/api/buildings', officeBuilding('Leak office'))).body;
    const sessionId = (await api(urlA, 'POST', '/api/sessions', { buildingId: building.id, speed: 5 })).body
      .id as string;
    await api(urlA, 'POST', `/api/sessions/${sessionId}/control`, { type: 'start' });
    // A join forwarded by a replica whose viewer is in no room any more (as after a kill -9).
    await a.liveSessions.handleForwarded({ op: 'join', sessionId });
    expect(a.liveSessions.hasRemoteViewers(sessionId)).toBe(true);
    const remoteViewers = () =>
      (a.liveSessions as unknown as { loaded: Map<string, { remoteViewers: number }> }).loaded.get(sessionId)
        ?.remoteViewers;
    // A live viewer on B counts too, and keeps getting frames while the stale one is dropped.
    const viewer = await connect(urlB);
    const frames: number[] = [];
    viewer.on('frame', (f) => f.sessionId === sessionId && frames.push(f.seq));
    const joined = await viewer.emitWithAck('join', { sessionId });
    expect(joined.ok).toBe(true);
    await waitFor(() => frames.length >= 3);
    await waitFor(() => remoteViewers() === 1);
    const seen = frames.length;
    await waitFor(() => frames.length >= seen + 3);
    await viewer.emitWithAck('leave', { sessionId });
    expect(remoteViewers()).toBe(0);
    await api(urlA, 'POST', `/api/sessions/${sessionId}/control`, { type: 'stop' });
  }, 60_000);
});

describe.skipIf(!testServerUrl)('kill -9 of the hosting replica', () => {
  const dbName = `live_replicas_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const databaseUrl = (() => {
    const u = new URL(testServerUrl ?? 'postgres://unused');
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const LEASE_MS = 3000;
  const processes: ChildProcess[] = [];
  let admin: postgres.Sql;

  /** Starts `node packages/backend/dist/main.js` as one replica and resolves with its URL once it listens. */
  async function startReplica(): Promise<{ child: ChildProcess; url: string }> {
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
        LIVE_CHECKPOINT_MS: '500',
        LIVE_LEASE_MS: String(LEASE_MS),
        LIVE_LEASE_HEARTBEAT_MS: '500',
        LIVE_WORKERS: '1',
        RUN_WORKERS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    processes.push(child);
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`backend did not start:\n${output}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const m = /running at (http:\/\/\S+?)\s/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!.replace('localhost', '127.0.0.1'));
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`backend exited with ${code}:\n${output}`)));
    });
    return { child, url };
  }

  beforeAll(async () => {
    // The replicas run the built backend (as production does): bring dist/ up to date (incremental).
    execFileSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-b', 'packages/backend/tsconfig.lib.json'],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    admin = postgres(testServerUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${dbName}"`);
  }, 240_000);

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await Promise.all(
      processes.map((p) =>
        p.exitCode === null && p.signalCode === null
          ? new Promise((r) => p.once('exit', r))
          : Promise.resolve(),
      ),
    );
    await admin?.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin?.end();
  });

  it('the other replica takes the session over within the lease window; frames go on; results are unchanged', async () => {
    const first = await startReplica();
    const second = await startReplica();
    const building = (await api(first.url, 'POST', '/api/buildings', officeBuilding('Takeover office'))).body;
    const config = { duration: 1500, warmUp: 60, seed: 9001, dispatcher: { name: 'eta' } };
    const sessionId = (
      await api(first.url, 'POST', '/api/sessions', { buildingId: building.id, config, speed: 10 })
    ).body.id as string;
    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const owner = async () =>
      (
        await db.unsafe('select owner from session_leases where session_id = $1 and expires_at > now()', [
          sessionId,
        ])
      )[0]?.owner as string | undefined;
    try {
      expect(
        (await api(first.url, 'POST', `/api/sessions/${sessionId}/control`, { type: 'start' })).status,
      ).toBe(200);
      const hostA = await owner();
      expect(hostA).toBeDefined();

      // The viewer is on the second replica; commands go through it to the first.
      const viewer = await connect(second.url);
      const arrivals: { at: number; time: number }[] = [];
      viewer.on('frame', (f) => f.sessionId === sessionId && arrivals.push({ at: Date.now(), time: f.time }));
      const snapshots: number[] = [];
      viewer.on('snapshot', (m) => m.sessionId === sessionId && snapshots.push(m.state.time));
      const joined = await viewer.emitWithAck('join', { sessionId });
      if (!joined.ok) throw new Error(joined.message);
      await waitFor(() => arrivals.length >= 5);
      const commands = [
        { type: 'passenger', origin: 0, destination: 6, count: 4 },
        { type: 'hallCall', floor: 5, direction: 'down' },
        { type: 'dispatcher', dispatcher: { name: 'nearest' } },
      ];
      for (const c of commands) {
        const ack = await control(viewer, sessionId, c);
        if (!ack.ok) throw new Error(ack.message);
      }
      // A checkpoint after the last command is stored before the host dies.
      const storedTime = async () =>
        Number((await db.unsafe('select sim_time from sessions where id = $1', [sessionId]))[0]!.sim_time);
      const afterCommands = await storedTime();
      await waitFor(async () => (await storedTime()) > afterCommands);
      expect(await owner()).toBe(hostA);

      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      await new Promise((r) => first.child.once('exit', r));
      const seenBefore = arrivals.length;
      // A viewer that joins through the second replica while the dead one still holds the lease: the
      // forwarded join goes unanswered, and the second replica answers it itself after taking over.
      const lateJoin = connect(second.url).then((late) => late.emitWithAck('join', { sessionId }));

      // The second replica holds the lease now, and the viewer (never disconnected) gets frames again.
      await waitFor(async () => {
        const now = await owner();
        return now !== undefined && now !== hostA;
      }, 15_000);
      await waitFor(() => arrivals.length >= seenBefore + 5, 15_000);
      const resumed = arrivals.slice(seenBefore).find((f) => f.at > killedAt)!;
      const gapMs = resumed.at - arrivals[seenBefore - 1]!.at;
      const takeoverMs = resumed.at - killedAt;
      console.info(
        `replica takeover: lease ${LEASE_MS} ms; first frame ${takeoverMs} ms after kill -9, frame gap ${gapMs} ms`,
      );
      expect(gapMs).toBeLessThanOrEqual(10_000);
      expect(snapshots.length).toBeGreaterThanOrEqual(1); // the viewer was told to redraw
      expect(arrivals.at(-1)!.time).toBeGreaterThan(resumed.time);
      const late = await lateJoin;
      expect(late.ok ? late.state.status : late.message).toBe('running');

      // One more command after the takeover, then to the end as fast as possible.
      const ack = await control(viewer, sessionId, {
        type: 'passenger',
        origin: 3,
        destination: 0,
        count: 2,
      });
      if (!ack.ok) throw new Error(ack.message);
      const finished = new Promise<SimulationResults>((resolve) =>
        viewer.on('finished', (m) => m.sessionId === sessionId && resolve(m.results)),
      );
      expect((await control(viewer, sessionId, { type: 'speed', speed: 'max' })).ok).toBe(true);
      const pushed = await finished;
      const detail = (await api(second.url, 'GET', `/api/sessions/${sessionId}`)).body;
      expect(detail.status).toBe('finished');
      expect((detail.commandLog as CommandLogEntry[]).map((e) => e.command.type)).toEqual([
        'passenger',
        'hallCall',
        'dispatcher',
        'passenger',
      ]);
      const stored = (await api(second.url, 'GET', `/api/sessions/${sessionId}/results`)).body.results;
      const uninterrupted = await uninterruptedResults(second.url, sessionId);
      expect(canonicalJson(stored)).toBe(canonicalJson(uninterrupted));
      expect(canonicalJson(pushed)).toBe(canonicalJson(uninterrupted));
      expect(uninterrupted.endTime).toBe(1500);
    } finally {
      await db.end();
    }
    second.child.kill('SIGTERM');
  }, 120_000);
});
