import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSocket, emptyKpis, snapshotMessage } from '../test-support/fake-socket.js';
import { useLiveSessionStore } from './live-session-store.js';

const ID = '7c0e7f4e-0d6b-4a59-9d55-5d6c1f1a2b3c';
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('useLiveSessionStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  async function joined() {
    const socket = new FakeSocket();
    socket.responders.join = () => ({ ok: true, ...snapshotMessage(ID, 120, 3.6) });
    socket.connected = true;
    const store = useLiveSessionStore();
    store.open(ID, socket.asTransport());
    await tick();
    return { socket, store };
  }

  it('takes cars, queues, calls and the clock from the join snapshot', async () => {
    const { store } = await joined();
    expect(store.connection).toBe('live');
    expect(store.simTime).toBe(120);
    expect(store.cars).toEqual([{ id: 'A1', group: 'A', capacity: 13 }]);
    expect(store.queues).toEqual([{ floor: 0, up: 2, down: 0 }]);
    expect(store.calls).toHaveLength(1);
    expect(store.buffer().posesAt(120)[0]!.position).toBe(3.6);
  });

  it('follows frames: clock, KPIs, status; drops calls whose queue emptied', async () => {
    const { socket, store } = await joined();
    socket.serverPush('frame', {
      sessionId: ID,
      seq: 1,
      time: 121,
      status: 'paused',
      speed: 10,
      cars: [
        { id: 'A1', position: 3.6, velocity: 0, direction: 'idle', door: 'open', load: 2, target: null },
      ],
      queues: [],
      calls: [],
      waiting: 0,
      riding: 2,
      kpis: { ...emptyKpis, awt: 12.5 },
      events: [],
      droppedEvents: 0,
    });
    expect(store.simTime).toBe(121);
    expect(store.kpis?.awt).toBe(12.5);
    expect(store.status).toBe('paused');
    expect(store.state?.status).toBe('paused');
    expect(store.calls).toHaveLength(0);
    expect(store.frameCount).toBe(1);
  });

  const frameAt = (seq: number, time: number, extra: object = {}) => ({
    sessionId: ID,
    seq,
    time,
    status: 'running',
    speed: 10,
    cars: [{ id: 'A1', position: 0, velocity: 0, direction: 'idle', door: 'closed', load: 0, target: null }],
    queues: [],
    calls: [],
    waiting: 0,
    riding: 0,
    kpis: emptyKpis,
    events: [],
    droppedEvents: 0,
    ...extra,
  });

  it('reads "stopped" after Stop although the last frame said running (no frame follows a stop)', async () => {
    const { socket, store } = await joined();
    socket.serverPush('frame', frameAt(1, 121));
    expect(store.status).toBe('running');
    socket.responders.control = () => ({
      ok: true,
      state: { ...snapshotMessage(ID, 121).state, status: 'stopped' },
    });
    expect(await store.control({ type: 'stop' })).toBe(true);
    expect(store.status).toBe('stopped');
    // A frame sent just before the stop does not revive the session.
    socket.serverPush('frame', frameAt(2, 121.1));
    expect(store.status).toBe('stopped');
  });

  it('follows the registered calls of every frame, not only those of the join snapshot', async () => {
    const { socket, store } = await joined();
    const call = { floor: 7, destination: null, direction: 'down', car: 'A1', registeredAt: 120.5 };
    socket.serverPush('frame', frameAt(1, 121, { queues: [{ floor: 7, up: 0, down: 1 }], calls: [call] }));
    expect(store.calls).toEqual([call]);
    socket.serverPush('frame', frameAt(2, 122, { calls: [] }));
    expect(store.calls).toEqual([]);
  });

  it('ignores frames of other sessions', async () => {
    const { socket, store } = await joined();
    socket.serverPush('frame', { sessionId: 'other', seq: 1, time: 999, cars: [], queues: [] });
    expect(store.simTime).toBe(120);
  });

  it('shows the server message when a control is refused, and clears it on success', async () => {
    const { socket, store } = await joined();
    socket.responders.control = () => ({
      ok: false,
      error: 'Bad Request',
      message: 'speed must be >= 0.5',
      details: [],
    });
    expect(await store.control({ type: 'speed', speed: 0.1 })).toBe(false);
    expect(store.controlError).toBe('speed must be >= 0.5');
    socket.responders.control = () => ({
      ok: true,
      state: { ...snapshotMessage(ID, 130).state, status: 'paused' },
    });
    expect(await store.control({ type: 'pause' })).toBe(true);
    expect(store.controlError).toBeNull();
    expect(store.state?.status).toBe('paused');
  });

  it('marks the view reconnecting on a drop and rejoins at the new sim time', async () => {
    const { socket, store } = await joined();
    socket.drop();
    expect(store.connection).toBe('reconnecting');
    expect(store.connectionMessage).toMatch(/reconnecting/i);
    socket.responders.join = () => ({ ok: true, ...snapshotMessage(ID, 300) });
    socket.connect();
    await tick();
    expect(store.connection).toBe('live');
    expect(store.simTime).toBe(300);
  });
});
