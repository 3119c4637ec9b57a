import { readFileSync } from 'node:fs';
import type {
  LiveAck,
  LiveFrame,
  LiveSessionState,
  LiveSnapshotMessage,
  RunProgressMessage,
  SimulationResults,
} from '@hoistway/shared-types';
import { officeBuilding } from './helpers/fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionPassengers as sessionPassengersTable } from '@hoistway/shared-types/db';
import { and, eq, gt } from 'drizzle-orm';
import { ManualClock } from '../src/live/live-clock.js';
import { MAX_BUFFERED_BYTES, MAX_PENDING_FRAMES } from '../src/live/main/live-plugin.js';
import {
  recordFrames,
  sleep,
  startLiveApp,
  waitFor,
  type LiveClient,
  type LiveTestApp,
} from './live-helpers.js';

// `t` hosts sessions on a worker thread with the system clock (worker crashes, run progress, REST);
// `m` hosts them in-process on a ManualClock, so what a test asserts about frames and sim time follows
// from the time it moves, never from how fast the machine happens to be.
let t: LiveTestApp;
let m: LiveTestApp;
const clock = new ManualClock();
const FRAME_MS = 100; // 10 frames/s
beforeAll(async () => {
  t = await startLiveApp({ workers: 1, frameRate: 10 }, { runDelayMs: 1500 });
  m = await startLiveApp({ workers: 0, frameRate: 10, clock });
});
afterAll(async () => {
  await t?.close();
  await m?.close();
});

/**
 * Moves the manual clock on by `n` frame periods, one at a time, and lets `viewers` receive each
 * period's frames before the next (a viewer that falls behind has frames dropped, as it should).
 */
async function runFrames(n: number, ...viewers: LiveClient[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock.advance(FRAME_MS);
    for (const viewer of viewers) await flush(viewer);
  }
}

/**
 * Resolves once everything the server sent this client before now has arrived: an acknowledgement
 * travels on the same connection after the frames emitted before it.
 */
async function flush(client: LiveClient): Promise<void> {
  await rawAck(client, 'control', {});
}

type AnyEmit = (event: string, ...args: unknown[]) => Promise<LiveAck<Record<string, unknown>>>;
/** Sends anything at all, as a misbehaving client would. */
const rawAck = (client: LiveClient, event: string, payload: unknown) =>
  (client.emitWithAck as unknown as AnyEmit)(event, payload);

async function join(client: LiveClient, sessionId: string): Promise<LiveSnapshotMessage> {
  const res = await client.emitWithAck('join', { sessionId });
  if (!res.ok) throw new Error(res.message);
  return res;
}

async function control(client: LiveClient, sessionId: string, c: object) {
  return (client.emitWithAck as unknown as AnyEmit)('control', { sessionId, control: c }) as Promise<
    LiveAck<{ state: LiveSessionState }>
  >;
}

function okState(res: LiveAck<{ state: LiveSessionState }>): LiveSessionState {
  if (!res.ok) throw new Error(`${res.error}: ${res.message} ${JSON.stringify(res.details)}`);
  return res.state;
}

describe('joining a live session', () => {
  it('answers with a full snapshot, then streams frames at the configured rate with a steady sim clock', async () => {
    const sessionId = await m.createSession({ speed: 1 });
    const client = await m.connect();
    const snap = await join(client, sessionId);
    expect(snap.state).toMatchObject({ sessionId, status: 'created', speed: 1, time: 0, commands: 0 });
    expect(snap.frameRate).toBe(10);
    expect(snap.snapshot.cars.map((c) => c.id)).toEqual(['A1', 'A2', 'A3']);
    expect(snap.snapshot.time).toBe(0);
    expect(snap.snapshot.kpis.generated).toBe(0);

    const frames = recordFrames(client, sessionId);
    expect(okState(await control(client, sessionId, { type: 'start' })).status).toBe('running');
    // Two seconds of wall time: one frame per period, 20 in all.
    await runFrames(20, client);
    expect(frames).toHaveLength(20);
    // Sequence numbers have no gaps for a fast viewer; at 1× the sim clock moves 0.1 s per frame.
    const seqs = frames.map((f) => f.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.time - frames[i - 1]!.time).toBeCloseTo(0.1, 9);
    const f = frames.at(-1)!;
    expect(f.cars).toHaveLength(3);
    expect(f.cars[0]).toEqual(
      expect.objectContaining({
        id: 'A1',
        position: expect.any(Number),
        door: expect.any(String),
        load: expect.any(Number),
      }),
    );
    expect(f.kpis).toEqual(
      expect.objectContaining({ generated: expect.any(Number), awt: expect.any(Number) }),
    );
    await control(client, sessionId, { type: 'stop' });
  });

  it('shows two viewers the same sim clock', async () => {
    const sessionId = await m.createSession({ speed: 5 });
    const [a, b] = [await m.connect(), await m.connect()];
    await join(a, sessionId);
    await join(b, sessionId);
    const fa = recordFrames(a, sessionId);
    const fb = recordFrames(b, sessionId);
    okState(await control(a, sessionId, { type: 'start' }));
    await runFrames(12, a, b);
    const bySeq = new Map(fb.map((f) => [f.seq, f]));
    const common = fa.filter((f) => bySeq.has(f.seq));
    expect(common).toHaveLength(12);
    for (const f of common) {
      expect(bySeq.get(f.seq)!.time).toBe(f.time);
      expect(bySeq.get(f.seq)!.cars).toEqual(f.cars);
    }
    await control(a, sessionId, { type: 'stop' });
  });
});

describe('controls', () => {
  it('pause, resume, step, speed, passenger, hall call, dispatcher and stop all act and are seen by viewers', async () => {
    const sessionId = await m.createSession({ speed: 1, config: { duration: 900, warmUp: 0, seed: 7 } });
    const viewer = await m.connect();
    const other = await m.connect();
    await join(viewer, sessionId);
    await join(other, sessionId);
    const states: LiveSessionState[] = [];
    other.on('state', (s) => states.push(s));
    const frames = recordFrames(viewer, sessionId);

    okState(await control(viewer, sessionId, { type: 'resume' }));
    await runFrames(3, viewer);
    expect(frames).toHaveLength(3);
    const paused = okState(await control(viewer, sessionId, { type: 'pause' }));
    expect(paused.status).toBe('paused');
    expect(paused.time).toBeCloseTo(0.3, 9);
    await runFrames(1, viewer); // the pause itself is drawn once
    const n = frames.length;
    await runFrames(8, viewer);
    expect(frames.length).toBe(n); // no frames while paused

    const stepped = okState(await control(viewer, sessionId, { type: 'step', seconds: 10 }));
    expect(stepped.time).toBeCloseTo(paused.time + 10, 6);
    expect(stepped.status).toBe('paused');
    await runFrames(1, viewer);
    expect(frames.at(-1)!.time).toBeCloseTo(stepped.time, 6); // a step is drawn although paused

    const injected = okState(
      await control(viewer, sessionId, { type: 'passenger', origin: 0, destination: 5, count: 3 }),
    );
    expect(injected.commands).toBe(1);
    const afterCall = okState(
      await control(viewer, sessionId, { type: 'hallCall', floor: 4, direction: 'down' }),
    );
    expect(afterCall.commands).toBe(2);
    const switched = okState(
      await control(viewer, sessionId, { type: 'dispatcher', dispatcher: { name: 'collective' } }),
    );
    expect(switched.dispatcher).toBe('collective');

    const fast = okState(await control(viewer, sessionId, { type: 'speed', speed: 50 }));
    expect(fast.speed).toBe(50);
    okState(await control(viewer, sessionId, { type: 'resume' }));
    const before = frames.length;
    await runFrames(5, viewer);
    expect(frames.length).toBe(before + 5);
    const recent = frames.slice(-4);
    const perFrame = (recent.at(-1)!.time - recent[0]!.time) / (recent.at(-1)!.seq - recent[0]!.seq);
    expect(perFrame).toBeCloseTo(5, 6); // 5 s of sim time per 0.1 s frame at 50×

    const finished = new Promise<SimulationResults>((resolve) =>
      other.on('finished', (m) => m.sessionId === sessionId && resolve(m.results)),
    );
    const stopped = okState(await control(viewer, sessionId, { type: 'stop' }));
    // Stopped early reads "stopped" (not "finished"), for every viewer and in the database.
    expect(stopped.status).toBe('stopped');
    const results = await finished;
    expect(results.kpis.generated).toBeGreaterThan(0);
    // The other viewer saw every status change, in order.
    await waitFor(() => states.some((s) => s.status === 'stopped'));
    expect(states.map((s) => s.status)).toEqual(expect.arrayContaining(['running', 'paused', 'stopped']));
    // Commands are stored with their sim times, for replay.
    const detail = (await m.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}` })).json();
    expect(detail.status).toBe('stopped');
    // The session list names the dispatcher in charge now, not the one it was created with.
    const list = (await m.app.inject({ method: 'GET', url: '/api/sessions?limit=100' })).json();
    const listed = list.items.find((i: { id: string }) => i.id === sessionId);
    expect(listed).toMatchObject({ status: 'stopped', dispatcher: 'collective' });
    expect(detail.commandLog.map((e: { command: { type: string } }) => e.command.type)).toEqual([
      'passenger',
      'hallCall',
      'dispatcher',
    ]);
    expect(detail.commandLog[0].time).toBeCloseTo(stepped.time, 6);
    // A stopped session refuses further controls with a conflict, not a disconnect.
    const late = await control(viewer, sessionId, { type: 'resume' });
    expect(late).toMatchObject({ ok: false, error: 'Conflict' });
    expect(viewer.connected).toBe(true);
  });

  it('runs "as fast as possible" to the end', async () => {
    const sessionId = await t.createSession({ config: { duration: 1800, warmUp: 300, seed: 3 } });
    const client = await t.connect();
    await join(client, sessionId);
    const done = new Promise<SimulationResults>((resolve) =>
      client.on('finished', (m) => resolve(m.results)),
    );
    okState(await control(client, sessionId, { type: 'speed', speed: 'max' }));
    okState(await control(client, sessionId, { type: 'start' }));
    // (How far the event loop lags meanwhile is measured by the live benchmark, not asserted here.)
    const results = await done;
    expect(results.endTime).toBeGreaterThanOrEqual(1800);
  });
});

describe('invalid requests', () => {
  it('answers bad payloads with an error acknowledgement and keeps the connection', async () => {
    const sessionId = await t.createSession();
    const client = await t.connect();
    const badJoin = await rawAck(client, 'join', { sessionId: 'not-a-uuid' });
    expect(badJoin).toMatchObject({
      ok: false,
      error: 'Bad Request',
      details: [{ path: 'sessionId', message: 'must be a UUID' }],
    });
    expect(await rawAck(client, 'join', null)).toMatchObject({ ok: false, error: 'Bad Request' });
    expect(await rawAck(client, 'join', 'hello')).toMatchObject({ ok: false, error: 'Bad Request' });
    expect(await rawAck(client, 'control', { sessionId, control: { type: 'warp' } })).toMatchObject({
      ok: false,
      error: 'Bad Request',
      details: [{ path: 'control.type' }],
    });
    expect(
      await rawAck(client, 'control', { sessionId, control: { type: 'speed', speed: 5000 } }),
    ).toMatchObject({
      ok: false,
      details: [{ path: 'control.speed' }],
    });
    expect(
      await rawAck(client, 'control', {
        sessionId,
        control: { type: 'passenger', origin: 0, destination: 99 },
      }),
    ).toMatchObject({
      ok: false,
      error: 'Bad Request',
    });
    expect(
      await rawAck(client, 'control', { sessionId, control: { type: 'step', seconds: -1 } }),
    ).toMatchObject({
      ok: false,
      details: [{ path: 'control.seconds' }],
    });
    expect(await rawAck(client, 'join', { sessionId: '00000000-0000-4000-8000-000000000000' })).toMatchObject(
      {
        ok: false,
        error: 'Not Found',
      },
    );
    // No acknowledgement callback at all: nothing breaks.
    (client.emit as unknown as (event: string, payload: unknown) => void)('join', { sessionId: 'x' });
    expect(await rawAck(client, 'subscribeRun', { runId: 42 })).toMatchObject({
      ok: false,
      error: 'Bad Request',
    });
    // The connection is still good for real work.
    const snap = await join(client, sessionId);
    expect(snap.state.sessionId).toBe(sessionId);
    expect(client.connected).toBe(true);
    // Nothing was logged by the rejected commands.
    const detail = (await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}` })).json();
    expect(detail.commandLog).toEqual([]);
  });
});

describe('REST control and results', () => {
  it('a REST control is seen by socket viewers at once, and results and the CSV export follow the session', async () => {
    const sessionId = await t.createSession({ speed: 20, config: { duration: 600, warmUp: 0, seed: 11 } });
    const client = await t.connect();
    await join(client, sessionId);
    const states: LiveSessionState[] = [];
    client.on('state', (s) => states.push(s));
    const frames = recordFrames(client, sessionId);

    const started = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/control`,
      payload: { type: 'start' },
    });
    expect(started.statusCode).toBe(200);
    expect(started.json().state.status).toBe('running');
    await waitFor(() => states.some((s) => s.status === 'running'), 2000);
    await waitFor(() => frames.length >= 5 && frames.at(-1)!.time >= 120);

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/control`,
      payload: { type: 'speed', speed: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('speed');
    const unknown = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/00000000-0000-4000-8000-000000000000/control`,
      payload: { type: 'pause' },
    });
    expect(unknown.statusCode).toBe(404);
    const stepWhileRunning = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/control`,
      payload: { type: 'step' },
    });
    expect(stepWhileRunning.statusCode).toBe(409);

    const paused = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/control`,
      payload: { type: 'pause' },
    });
    expect(paused.json().state.status).toBe('paused');
    await waitFor(() => states.some((s) => s.status === 'paused'), 2000);

    const res = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/results` });
    expect(res.statusCode).toBe(200);
    const { state, results } = res.json() as { state: LiveSessionState; results: SimulationResults };
    expect(state.time).toBe(paused.json().state.time);
    expect(results.kpis.generated).toBeGreaterThan(0);
    // Saturation and per-group figures travel with the results (schema 2).
    expect(results.schemaVersion).toBe(2);
    expect(results.kpis).toEqual(
      expect.objectContaining({
        stillWaiting: expect.any(Number),
        saturated: expect.any(Boolean),
        groups: [expect.objectContaining({ interval: expect.anything(), saturated: expect.any(Boolean) })],
      }),
    );

    const csv = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/passengers.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,arrival,origin,destination,car,board_door_open,alight_door_open,wait_time,transit_time,counted',
    );
    expect(lines.length - 1).toBe(results.kpis.generated);

    // The waits behind the report's histogram: one per counted passenger, the same longest wait.
    const waits = (await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/waits` })).json();
    expect(waits.count).toBe(results.kpis.counted);
    expect(waits.counts.reduce((a: number, b: number) => a + b, 0)).toBe(results.kpis.counted);
    if (waits.count > 0) expect(waits.quantiles.max).toBeCloseTo(results.kpis.longestWait, 2);

    // After it finishes and leaves memory, both still answer (the CSV by replaying the stored inputs and log).
    await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${sessionId}/control`,
      payload: { type: 'stop' },
    });
    const final = (await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/results` })).json();
    expect(final.results).toEqual(expect.objectContaining({ kpis: results.kpis }));
    const csvAgain = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/passengers.csv` });
    expect(csvAgain.body).toBe(csv.body);
    expect((await t.app.inject({ method: 'GET', url: `/api/sessions/nope/results` })).statusCode).toBe(400);
  });

  it('an ended session keeps its passenger log: downloads read it, never replay the run', async () => {
    const sessionId = await t.createSession({ config: { duration: 900, warmUp: 0, seed: 12 } });
    const client = await t.connect();
    await join(client, sessionId);
    const finished = new Promise<SimulationResults>((resolve) =>
      client.on('finished', (f) => f.sessionId === sessionId && resolve(f.results)),
    );
    okState(await control(client, sessionId, { type: 'speed', speed: 'max' }));
    okState(await control(client, sessionId, { type: 'start' }));
    const results = await finished;
    const { db } = t.db.database;
    const stored = await t.app.services.sessions.storedPassengers(sessionId);
    expect(stored).toHaveLength(results.kpis.generated);
    const csv = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/passengers.csv` });
    expect(csv.body.trim().split('\n')).toHaveLength(results.kpis.generated + 1);
    // Served from the stored log: a replay would bring back every passenger.
    await db
      .update(sessionPassengersTable)
      .set({ records: stored!.slice(0, 2) })
      .where(eq(sessionPassengersTable.sessionId, sessionId));
    await db
      .delete(sessionPassengersTable)
      .where(and(eq(sessionPassengersTable.sessionId, sessionId), gt(sessionPassengersTable.chunk, 0)));
    const kept = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/passengers.csv` });
    expect(kept.body.trim().split('\n')).toHaveLength(3);
  });

  it('a download that replays a session never leaves a resume that raced it without its session', async () => {
    // A created session is not in memory: its CSV is made by replaying it, while a resume loads it.
    const ids = await Promise.all(
      [1, 2, 3, 4].map((seed) => t.createSession({ speed: 5, config: { seed } })),
    );
    const rest = (id: string, c: object) =>
      t.app.inject({ method: 'POST', url: `/api/sessions/${id}/control`, payload: c as object });
    for (const id of ids) {
      const [csv, resumed] = await Promise.all([
        t.app.inject({ method: 'GET', url: `/api/sessions/${id}/passengers.csv` }),
        rest(id, { type: 'resume' }),
      ]);
      expect(csv.statusCode).toBe(200);
      expect(resumed.statusCode).toBe(200);
    }
    // Every session is alive where it runs: it pauses, and its clock has moved on.
    for (const id of ids) {
      const paused = await rest(id, { type: 'pause' });
      expect(paused.statusCode).toBe(200);
      expect(paused.json().state.status).toBe('paused');
      expect((await rest(id, { type: 'stop' })).statusCode).toBe(200);
    }
  });
});

describe('deleted sessions', () => {
  it('a paused session deleted over REST leaves memory: later controls answer 404', async () => {
    const sessionId = await t.createSession({ speed: 5 });
    const control = (c: object) =>
      t.app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/control`, payload: c as object });
    expect((await control({ type: 'start' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/sessions/${sessionId}` })).statusCode).toBe(
      409,
    );
    expect((await control({ type: 'pause' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/sessions/${sessionId}` })).statusCode).toBe(
      204,
    );
    expect((await control({ type: 'resume' })).statusCode).toBe(404);
    expect((await control({ type: 'resume' })).statusCode).toBe(404);
  });
});

describe('worker failure', () => {
  it('a crashed session worker is replaced and its sessions carry on from their checkpoints', async () => {
    const sessionId = await t.createSession({ speed: 10 });
    const client = await t.connect();
    await join(client, sessionId);
    const frames = recordFrames(client, sessionId);
    const resent = new Promise<number>((resolve) => client.on('snapshot', (m) => resolve(m.state.time)));
    okState(await control(client, sessionId, { type: 'start' }));
    // A checkpoint past the start is stored (every 300 ms here) before the worker dies.
    await waitFor(async () => {
      const stored = await t.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}` });
      return stored.json().simTime > 0;
    }, 60_000);
    const hosts = (
      t.app.liveSessions as unknown as { pool: { hosts: { worker: { terminate(): Promise<number> } }[] } }
    ).pool.hosts;
    await hosts[0]!.worker.terminate();
    const resumedAt = await resent;
    expect(resumedAt).toBeGreaterThan(0);
    const n = frames.length;
    await waitFor(() => frames.length >= n + 3 && frames.at(-1)!.time > resumedAt);
    expect(frames.at(-1)!.status).toBe('running');
    okState(await control(client, sessionId, { type: 'stop' }));
  });
});

describe('comparison run progress', () => {
  it('pushes progress of a subscribed run until it finishes', async () => {
    const b = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      payload: officeBuilding('Runs') as object,
    });
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/runs',
      payload: {
        buildingId: b.json().id,
        dispatchers: [{ name: 'eta' }, { name: 'collective' }],
        seeds: [1, 2],
      },
    });
    expect(run.statusCode).toBe(202);
    const runId = run.json().id as string;
    const client = await t.connect();
    const pushed: RunProgressMessage[] = [];
    client.on('runProgress', (m) => pushed.push(m));
    const sub = await client.emitWithAck('subscribeRun', { runId });
    if (!sub.ok) throw new Error(sub.message);
    expect(sub.progress).toMatchObject({ runId, total: 4 });
    expect(sub.progress.done).toBeLessThan(4);
    const last = await waitFor(() => pushed.find((m) => m.status === 'finished'));
    expect(last).toEqual({ runId, status: 'finished', done: 4, total: 4 });
    const unknown = await client.emitWithAck('subscribeRun', {
      runId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown).toMatchObject({ ok: false, error: 'Not Found' });
    expect(await client.emitWithAck('unsubscribeRun', { runId })).toEqual({ ok: true });
  });
});

describe('slow viewers', () => {
  let fast: LiveTestApp;
  // Frames are produced as fast as the test moves this clock, however slow the machine.
  const slowClock = new ManualClock();
  /** Moves the clock a frame period at a time, letting I/O run between, until `done()` (or a deadline). */
  async function produceUntil(done: () => boolean, timeoutMs = 150_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) {
      slowClock.advance(1000 / 30);
      await sleep(10);
    }
  }
  beforeAll(async () => {
    // Plenty of frame bytes: a 40-floor tower with 12 cars and busy interfloor traffic, 12 sessions at 30 Hz.
    fast = await startLiveApp({ workers: 0, frameRate: 30, clock: slowClock });
  });
  afterAll(() => fast?.close());

  it(
    'a viewer that stops reading gets frames dropped: server-side buffers stay bounded',
    { timeout: 300_000 },
    async () => {
      const t = fast;
      const tower = JSON.parse(
        readFileSync(new URL('../../simulator/examples/tower-40.json', import.meta.url), 'utf8'),
      );
      const slow = await t.connect();
      const sessions: string[] = [];
      for (let k = 1; k <= 12; k++)
        sessions.push(
          await t.createSession(
            {
              speed: 100,
              traffic: { kind: 'template', template: 'interfloor', intensity: 25 },
              config: { duration: 3600, warmUp: 0, seed: k },
            },
            tower,
          ),
        );
      for (const id of sessions) await join(slow, id);
      const seen: LiveFrame[] = [];
      slow.on('frame', (f) => seen.push(f));
      for (const id of sessions) okState(await control(slow, id, { type: 'start' }));
      await produceUntil(() => seen.length > 50);
      expect(seen.length).toBeGreaterThan(50);
      // Stop reading from the TCP socket, as a stalled browser tab would.
      const tcp = (
        slow.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }
      ).ws._socket;
      tcp.pause();
      const serverSocket = [...t.app.io.of('/').sockets.values()].find(
        (s) => s.data.sessions.size === sessions.length,
      )!;
      const buffered = () => {
        const conn = serverSocket.conn as unknown as {
          writeBuffer: unknown[];
          transport: { socket?: { bufferedAmount?: number } };
        };
        return { packets: conn.writeBuffer.length, bytes: conn.transport.socket?.bufferedAmount ?? 0 };
      };
      const heapBefore = process.memoryUsage().heapUsed;
      let maxBytes = 0;
      let maxPackets = 0;
      let backedUpPolls = 0;
      // Until the kernel buffers are full and the server has been holding back frames for a while.
      await produceUntil(() => {
        const b = buffered();
        maxBytes = Math.max(maxBytes, b.bytes);
        maxPackets = Math.max(maxPackets, b.packets);
        if (b.packets >= MAX_PENDING_FRAMES) backedUpPolls++;
        return backedUpPolls >= 15;
      });
      // Frames kept being produced, but for this socket only a bounded number ever waits in user space.
      expect(backedUpPolls).toBeGreaterThanOrEqual(15); // it did back up...
      expect(maxPackets).toBeLessThanOrEqual(MAX_PENDING_FRAMES + sessions.length); // ...and stayed bounded
      expect(maxBytes).toBeLessThan(MAX_BUFFERED_BYTES + 512 * 1024);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
      const countBefore = seen.length;
      tcp.resume();
      // Once reading again, it gets fresh frames — and the gaps in seq show what was dropped. Waits for
      // the condition (a loaded machine delivers late), never a fixed time.
      const gapsIn = (id: string) => {
        const perSession = seen.filter((f) => f.sessionId === id);
        return perSession.slice(1).filter((f, i) => f.seq !== perSession[i]!.seq + 1).length;
      };
      await produceUntil(() => seen.length > countBefore && gapsIn(sessions[0]!) > 0, 60_000);
      expect(seen.length).toBeGreaterThan(countBefore);
      expect(gapsIn(sessions[0]!)).toBeGreaterThan(0);
      for (const id of sessions) await control(slow, id, { type: 'stop' });
    },
  );
});
