/**
 * Checkpoints follow sim time as well as wall time: a fast session is checkpointed every
 * `checkpointSimSeconds` of sim time, long before `checkpointMs` of wall time has passed, so a restart
 * or a takeover resumes it close to where it was. Time is a ManualClock's: nothing here depends on
 * how fast the machine is.
 */
import { sessions } from '@hoistway/shared-types/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/live/live-clock.js';
import { startLiveApp, waitFor, type LiveTestApp } from './live-helpers.js';

const clock = new ManualClock();
const FRAME_MS = 100;
let t: LiveTestApp;

beforeAll(async () => {
  // Wall-time checkpoints a minute apart: every checkpoint seen below is one of sim time.
  t = await startLiveApp({
    workers: 0,
    frameRate: 10,
    clock,
    checkpointMs: 60_000,
    checkpointSimSeconds: 60,
  });
});
afterAll(async () => {
  await t?.close();
});

/** Sim times of the checkpoints stored per session (every write goes through saveCheckpoint). */
const written = new Map<string, number[]>();
beforeAll(() => {
  const repo = t.app.services.sessions;
  const save = repo.saveCheckpoint.bind(repo);
  repo.saveCheckpoint = (cp, replica) => {
    written.set(cp.sessionId, [...(written.get(cp.sessionId) ?? []), cp.time]);
    return save(cp, replica);
  };
});

const storedTime = async (id: string) =>
  (await t.db.database.db.select({ simTime: sessions.simTime }).from(sessions).where(eq(sessions.id, id)))[0]!
    .simTime;

async function control(id: string, c: object) {
  const res = await t.app.inject({ method: 'POST', url: `/api/sessions/${id}/control`, payload: c });
  expect(res.statusCode).toBe(200);
  return res.json().state as { time: number };
}

describe('checkpoints by sim time', () => {
  it('checkpoints a 1000× session every 60 sim-seconds, long before checkpointMs of wall time', async () => {
    const id = await t.createSession({
      speed: 1000,
      config: { duration: 7200, warmUp: 60, seed: 5, dispatcher: { name: 'eta' } },
    });
    await control(id, { type: 'start' });
    written.delete(id); // the start's own write
    // One frame period (100 wall ms) is 100 sim seconds at 1000×: due for a checkpoint.
    clock.advance(FRAME_MS);
    await waitFor(() => written.get(id)?.length === 1);
    expect(written.get(id)![0]).toBeCloseTo(100, 6);
    // Two more wall seconds are 2000 sim seconds: a checkpoint every frame period (each ≥ 60 s on).
    for (let i = 0; i < 20; i++) clock.advance(FRAME_MS);
    await waitFor(() => written.get(id)?.length === 21);
    expect(written.get(id)!.at(-1)).toBeCloseTo(2100, 6);
    await waitFor(async () => Math.abs((await storedTime(id)) - 2100) < 1e-6);
  });

  it('a real-time session waits for 60 sim-seconds since its last checkpoint', async () => {
    const id = await t.createSession({
      speed: 10,
      config: { duration: 3600, warmUp: 60, seed: 6, dispatcher: { name: 'eta' } },
    });
    await control(id, { type: 'start' });
    written.delete(id);
    // 5.9 wall seconds = 59 sim seconds: not due yet.
    for (let i = 0; i < 59; i++) clock.advance(FRAME_MS);
    // The pause's own write is queued behind any checkpoint the frames asked for: none was.
    const paused = await control(id, { type: 'pause' });
    expect(paused.time).toBeCloseTo(59, 6);
    expect(written.get(id)).toEqual([paused.time]);
    await control(id, { type: 'resume' });
    written.delete(id);
    clock.advance(FRAME_MS); // 60 sim seconds since the session's last checkpoint by the host
    await waitFor(() => written.get(id)?.length === 1);
    expect(written.get(id)![0]).toBeCloseTo(60, 6);
  });
});
