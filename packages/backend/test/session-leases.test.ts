/** Session leases: one holder at a time, taken over only once expired, renewed and released by their holder. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionLeaseRepository } from '../src/repositories/session-leases.js';
import { SessionRepository } from '../src/repositories/sessions.js';
import { BuildingRepository } from '../src/repositories/buildings.js';
import { officeBuilding } from './helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';
import { waitFor } from './live-helpers.js';
import { buildingSchema, defaultTraffic, runConfigSchema } from '@hoistway/shared-types';

let db: TestDatabase;
let leases: SessionLeaseRepository;
let sessions: SessionRepository;
let buildingId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  leases = new SessionLeaseRepository(db.database);
  sessions = new SessionRepository(db.database);
  const building = await new BuildingRepository(db.database).create(buildingSchema.parse(officeBuilding()));
  buildingId = building.id;
});
afterAll(async () => {
  await db?.drop();
});

async function newSession(): Promise<string> {
  const s = await sessions.create({
    buildingId,
    buildingVersion: 1,
    traffic: defaultTraffic,
    config: runConfigSchema.parse({ duration: 600, seed: 1, dispatcher: { name: 'eta' } }),
    speed: 1,
  });
  return s.id;
}

describe('session leases', () => {
  it('go to one of two replicas racing for them, and to the other only once expired', async () => {
    const id = await newSession();
    const [a, b] = await Promise.all([leases.acquire(id, 'a', 60_000), leases.acquire(id, 'b', 60_000)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const holder = a ? 'a' : 'b';
    const other = a ? 'b' : 'a';
    expect(await leases.ownerOf(id)).toBe(holder);
    expect(await leases.acquire(id, other, 60_000)).toBe(false);
    expect(await leases.acquire(id, holder, 60_000)).toBe(true); // the holder renews by acquiring again

    // A short lease (2 s: room for a loaded machine) lapses by the database's clock; then the other
    // replica may take it.
    const short = await newSession();
    expect(await leases.acquire(short, 'a', 2000)).toBe(true);
    expect(await leases.acquire(short, 'b', 2000)).toBe(false);
    await waitFor(async () => (await leases.ownerOf(short)) === undefined);
    expect(await leases.acquire(short, 'b', 60_000)).toBe(true);
    expect(await leases.ownerOf(short)).toBe('b');
    // The old holder's renewal does not take it back.
    expect(await leases.renew('a', [short], 60_000)).toEqual(new Set());
    expect(await leases.renew('b', [short, id], 60_000)).toEqual(new Set([short]));
  });

  it('lists running sessions nobody holds, and refuses a lease of a deleted session', async () => {
    const held = await newSession();
    const free = await newSession();
    for (const id of [held, free])
      await sessions.saveCheckpoint({
        sessionId: id,
        time: 1,
        status: 'running',
        speed: 1,
        snapshot: { time: 1 } as never,
      });
    expect(await leases.acquire(held, 'a', 60_000)).toBe(true);
    const orphans = await leases.orphans();
    expect(orphans).toContain(free);
    expect(orphans).not.toContain(held);

    // Writes of a replica that does not hold the lease are refused; the holder's go through.
    const cp = {
      sessionId: held,
      time: 2,
      status: 'running' as const,
      speed: 1 as const,
      snapshot: { time: 2 } as never,
    };
    expect(await sessions.saveCheckpoint(cp, 'b')).toBe(false);
    expect(await sessions.saveCheckpoint(cp, 'a')).toBe(true);

    await leases.release(held, 'b'); // not b's to release
    expect(await leases.ownerOf(held)).toBe('a');
    await leases.releaseAll('a');
    expect(await leases.ownerOf(held)).toBeUndefined();
    expect(await leases.orphans()).toContain(held);

    await sessions.delete(free);
    expect(await leases.acquire(free, 'a', 60_000)).toBe(false);
  });
});
