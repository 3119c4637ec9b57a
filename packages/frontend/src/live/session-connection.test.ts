import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, snapshotMessage } from '../test-support/fake-socket.js';
import { SessionConnection, type ConnectionStatus } from './session-connection.js';

const ID = '7c0e7f4e-0d6b-4a59-9d55-5d6c1f1a2b3c';

function setup(joinAnswer: (n: number) => unknown) {
  const socket = new FakeSocket();
  let joins = 0;
  socket.responders.join = () => joinAnswer(++joins);
  const statuses: ConnectionStatus[] = [];
  const snapshots: number[] = [];
  const conn = new SessionConnection(
    socket.asTransport(),
    ID,
    {
      snapshot: (m) => snapshots.push(m.snapshot.time),
      frame: () => {},
      state: () => {},
      finished: () => {},
      status: (s) => statuses.push(s),
    },
    { retryMs: 500, ackTimeoutMs: 2000 },
  );
  return { socket, conn, statuses, snapshots, joins: () => joins };
}

describe('SessionConnection reconnect logic', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('joins on connect and rejoins after a drop, taking the snapshot at the new sim time', async () => {
    let simTime = 100;
    const t = setup(() => ({ ok: true, ...snapshotMessage(ID, simTime) }));
    t.conn.start();
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.snapshots).toEqual([100]);
    expect(t.statuses.at(-1)).toBe('live');

    t.socket.drop();
    expect(t.statuses.at(-1)).toBe('reconnecting');
    simTime = 160; // the session kept running (or resumed after a backend restart)
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.joins()).toBe(2);
    expect(t.snapshots).toEqual([100, 160]);
    expect(t.statuses.at(-1)).toBe('live');
  });

  it('retries a failed join until the session is back', async () => {
    const t = setup((n) =>
      n < 3
        ? { ok: false, error: 'Service Unavailable', message: 'session is loading', details: [] }
        : { ok: true, ...snapshotMessage(ID, 42) },
    );
    t.conn.start();
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(500);
    expect(t.joins()).toBe(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(t.joins()).toBe(3);
    expect(t.snapshots).toEqual([42]);
    expect(t.statuses.at(-1)).toBe('live');
  });

  it('does not retry a session that does not exist', async () => {
    const t = setup(() => ({ ok: false, error: 'Not Found', message: 'session x not found', details: [] }));
    t.conn.start();
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.joins()).toBe(1);
  });

  it('retries when the join is never acknowledged (server went away mid-request)', async () => {
    const t = setup((n) => (n === 1 ? undefined : { ok: true, ...snapshotMessage(ID, 7) }));
    t.conn.start();
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(2000 + 500);
    expect(t.joins()).toBe(2);
    expect(t.snapshots).toEqual([7]);
  });

  it('close() removes its listeners, leaves the room and stops retrying', async () => {
    const t = setup(() => ({ ok: false, error: 'Service Unavailable', message: 'busy', details: [] }));
    t.conn.start();
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    t.conn.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.joins()).toBe(1);
    expect(t.socket.listenerCount('frame')).toBe(0);
    expect(t.socket.emitted.at(-1)?.event).toBe('leave');
  });

  it('rejects a refused control with the server message', async () => {
    const t = setup(() => ({ ok: true, ...snapshotMessage(ID, 0) }));
    t.socket.responders.control = () => ({
      ok: false,
      error: 'Conflict',
      message: 'session has finished; cannot pause',
      details: [],
    });
    t.conn.start();
    t.socket.connect();
    await vi.advanceTimersByTimeAsync(0);
    await expect(t.conn.control({ type: 'pause' })).rejects.toThrow('session has finished; cannot pause');
  });
});
