import type { PassengerRecord } from '@hoistway/shared-types';
import { sessionPassengers } from '@hoistway/shared-types/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSENGER_CHUNK } from '../../src/repositories/sessions.js';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const inject = injector(() => t.app);
let sessionId: string;

beforeAll(async () => {
  t = await createTestApp();
  const building = (await inject('POST', '/api/buildings', officeBuilding('Log office'))).json();
  sessionId = (await inject('POST', '/api/sessions', { buildingId: building.id })).json().id;
});
afterAll(() => t.close());

const record = (id: number): PassengerRecord =>
  ({
    id,
    arrival: id * 1.5,
    origin: 0,
    destination: (id % 9) + 1,
    car: 'A1',
    boardDoorOpen: id * 1.5 + 4,
    alightDoorOpen: id * 1.5 + 30,
    waitTime: 4,
    transitTime: 26,
    counted: true,
  }) as unknown as PassengerRecord;

describe('the stored passenger log', () => {
  it('is kept in chunks and read back whole, in order; storing again replaces it', async () => {
    const { sessions } = t.app.services;
    expect(await sessions.storedPassengers(sessionId)).toBeNull(); // the session exists, no log yet
    expect(await sessions.storedPassengers('00000000-0000-4000-8000-000000000000')).toBeUndefined();

    const log = Array.from({ length: 2 * PASSENGER_CHUNK + 500 }, (_, i) => record(i));
    await sessions.storePassengers(sessionId, log);
    const chunks = await t.db.database.db
      .select({ chunk: sessionPassengers.chunk })
      .from(sessionPassengers)
      .where(eq(sessionPassengers.sessionId, sessionId));
    expect(chunks.map((c) => c.chunk).sort()).toEqual([0, 1, 2]);
    expect(await sessions.storedPassengers(sessionId)).toEqual(log);

    await sessions.storePassengers(sessionId, log.slice(0, 3));
    expect(await sessions.storedPassengers(sessionId)).toEqual(log.slice(0, 3));
    await sessions.storePassengers(sessionId, []);
    expect(await sessions.storedPassengers(sessionId)).toEqual([]); // stored, and empty
  });

  it('goes with its session', async () => {
    const { sessions } = t.app.services;
    await sessions.storePassengers(sessionId, [record(1)]);
    expect((await inject('DELETE', `/api/sessions/${sessionId}`)).statusCode).toBe(204);
    const left = await t.db.database.db
      .select()
      .from(sessionPassengers)
      .where(eq(sessionPassengers.sessionId, sessionId));
    expect(left).toEqual([]);
  });
});
