/**
 * Socket.IO access: the handshake is authenticated (cookie, API token or share link) and same-origin
 * by default; every event is checked against the right over the session (a watch link cannot pause;
 * a revoked link stops working); a cap on sockets per user and a rate limit on `control`; a created
 * session someone looked at leaves memory when its last viewer leaves.
 */
import { SOCKET_IO_PATH, type LiveAck } from '@hoistway/shared-types';
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { startLiveApp, waitFor, type LiveClient, type LiveTestApp } from '../live-helpers.js';
import { createUser, loginEnv, setupAdmin, type Agent } from './auth-helpers.js';

let t: LiveTestApp;
let admin: Agent;
let editor: Agent;
let viewer: Agent;
let sessionId: string;
const clients: LiveClient[] = [];

beforeAll(async () => {
  t = await startLiveApp(
    { workers: 0, frameRate: 5 },
    { env: { ...loginEnv, LIVE_MAX_SOCKETS_PER_USER: '3', LIVE_CONTROL_RATE: '5' } },
  );
  admin = await setupAdmin(t.app);
  editor = await createUser(t.app, admin, 'edith', 'editor');
  viewer = await createUser(t.app, admin, 'vera', 'viewer');
  const building = (await editor.request('POST', '/api/buildings', officeBuilding('Live access'))).json();
  sessionId = (await editor.request('POST', '/api/sessions', { buildingId: building.id })).json().id;
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await t?.close();
});

/** Connects with the given handshake; resolves with the client or rejects with the refusal. */
function connect(
  options: { headers?: Record<string, string>; auth?: Record<string, string> } = {},
): Promise<LiveClient> {
  const client: LiveClient = connectClient(t.url, {
    path: SOCKET_IO_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: options.headers,
    auth: options.auth ?? {},
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', (err) => {
      client.disconnect();
      reject(err);
    });
  });
}

type Ack = LiveAck<Record<string, unknown>>;
const join = (c: LiveClient) => c.emitWithAck('join', { sessionId }) as Promise<Ack>;
const pause = (c: LiveClient) =>
  c.emitWithAck('control', { sessionId, control: { type: 'pause' } }) as Promise<Ack>;
/** A control that always applies (speed), for the allowed cases. */
const speed = (c: LiveClient) =>
  c.emitWithAck('control', { sessionId, control: { type: 'speed', speed: 2 } }) as Promise<Ack>;

async function shareLink(right: 'watch' | 'control'): Promise<{ id: string; token: string }> {
  const res = await editor.request('POST', `/api/sessions/${sessionId}/share-links`, { right });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('the handshake', () => {
  it('is refused without credentials', async () => {
    await expect(connect()).rejects.toThrow(/unauthorized/);
  });

  it('is refused from another origin, accepted from the same origin', async () => {
    const host = new URL(t.url).host;
    await expect(
      connect({ headers: { cookie: viewer.cookie, origin: 'https://evil.example' } }),
    ).rejects.toThrow();
    const same = await connect({ headers: { cookie: viewer.cookie, origin: `http://${host}` } });
    expect(same.connected).toBe(true);
    same.disconnect();
  });

  it('accepts an API token in auth.token', async () => {
    const { token } = (
      await viewer.request('POST', '/api/auth/tokens', { name: 'live', scope: 'read' })
    ).json();
    const client = await connect({ auth: { token } });
    expect((await join(client)).ok).toBe(true);
    client.disconnect();
  });

  it('caps the sockets of one user', async () => {
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await connect({ headers: { cookie: viewer.cookie } }));
    await expect(connect({ headers: { cookie: viewer.cookie } })).rejects.toThrow(/too many connections/);
    for (const c of open) c.disconnect();
    // Closed sockets free their places.
    await waitFor(async () => {
      try {
        (await connect({ headers: { cookie: viewer.cookie } })).disconnect();
        return true;
      } catch {
        return false;
      }
    }, 10_000);
  });
});

describe('events', () => {
  it('a viewer watches but cannot control; the owner can', async () => {
    const v = await connect({ headers: { cookie: viewer.cookie } });
    const joined = await join(v);
    expect(joined).toMatchObject({ ok: true, access: 'watch' });
    expect(await pause(v)).toMatchObject({ ok: false, error: 'Forbidden' });
    const e = await connect({ headers: { cookie: editor.cookie } });
    expect(await join(e)).toMatchObject({ ok: true, access: 'control' });
    expect((await speed(e)).ok).toBe(true);
    v.disconnect();
    e.disconnect();
  });

  it('limits the control rate per socket', async () => {
    const e = await connect({ headers: { cookie: editor.cookie } });
    const acks = await Promise.all(Array.from({ length: 12 }, () => speed(e)));
    const limited = acks.filter((a) => !a.ok && a.error === 'Too Many Requests');
    expect(limited.length).toBeGreaterThan(0);
    e.disconnect();
  });

  it('a watch link joins its session but cannot pause; a control link can; REST agrees', async () => {
    const watch = await shareLink('watch');
    const w = await connect({ auth: { share: watch.token } });
    expect(await join(w)).toMatchObject({ ok: true, access: 'watch' });
    expect(await pause(w)).toMatchObject({ ok: false, error: 'Forbidden' });
    const other = await w.emitWithAck('join', { sessionId: '00000000-0000-4000-8000-000000000000' });
    expect(other).toMatchObject({ ok: false });
    const rest = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
      t.app.inject({ method, url, headers: { 'x-share-token': token }, payload });
    expect((await rest('GET', `/api/sessions/${sessionId}`, watch.token)).statusCode).toBe(200);
    expect((await rest('GET', `/api/sessions/${sessionId}/access`, watch.token)).json()).toEqual({
      right: 'watch',
      via: 'share-link',
    });
    expect(
      (await rest('POST', `/api/sessions/${sessionId}/control`, watch.token, { type: 'pause' })).statusCode,
    ).toBe(403);
    expect((await rest('GET', '/api/buildings', watch.token)).statusCode).toBe(403);

    const control = await shareLink('control');
    const c = await connect({ auth: { share: control.token } });
    expect(await join(c)).toMatchObject({ ok: true, access: 'control' });
    expect((await speed(c)).ok).toBe(true);
    const viaRest = await rest('POST', `/api/sessions/${sessionId}/control`, control.token, {
      type: 'speed',
      speed: 3,
    });
    expect(viaRest.statusCode).toBe(200);
    w.disconnect();
    c.disconnect();
  });

  it('a revoked link stops working: its sockets are closed and it authenticates nothing', async () => {
    const link = await shareLink('control');
    const c = await connect({ auth: { share: link.token } });
    expect((await join(c)).ok).toBe(true);
    const closed = new Promise<void>((resolve) => c.once('disconnect', () => resolve()));
    expect((await viewer.request('DELETE', `/api/share-links/${link.id}`)).statusCode).toBe(403);
    expect((await editor.request('DELETE', `/api/share-links/${link.id}`)).statusCode).toBe(204);
    await closed;
    await expect(connect({ auth: { share: link.token } })).rejects.toThrow(/unauthorized/);
    const rest = await t.app.inject({
      method: 'GET',
      url: `/api/sessions/${sessionId}`,
      headers: { 'x-share-token': link.token },
    });
    expect(rest.statusCode).toBe(401);
    const links = (await editor.request('GET', `/api/sessions/${sessionId}/share-links`)).json();
    expect(links.items.find((l: { id: string }) => l.id === link.id).revokedAt).not.toBeNull();
  });
});

describe('memory', () => {
  it('a session that is not running leaves memory after its last viewer leaves', async () => {
    const building = (await editor.request('POST', '/api/buildings', officeBuilding('Unload'))).json();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await editor.request('POST', '/api/sessions', { buildingId: building.id })).json().id);
    const before = t.app.liveSessions.loadedCount;
    const v = await connect({ headers: { cookie: viewer.cookie } });
    for (const id of ids) expect((await v.emitWithAck('join', { sessionId: id })).ok).toBe(true);
    expect(t.app.liveSessions.loadedCount).toBe(before + 3);
    await v.emitWithAck('leave', { sessionId: ids[0]! });
    expect(t.app.liveSessions.loadedCount).toBe(before + 2);
    v.disconnect();
    await waitFor(() => t.app.liveSessions.loadedCount === before, 10_000);
  });
});
