/**
 * Accounts and access over REST: setup, login, CSRF, API tokens, the role matrix, and every route of
 * the OpenAPI document enumerated from it (401 without credentials, 403 for a viewer's writes).
 */
import '@fastify/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import type { Method } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import {
  createUser,
  login,
  loginEnv,
  PASSWORD,
  SETUP_TOKEN,
  setupAdmin,
  type Agent,
} from './auth-helpers.js';

let t: TestApp;
let admin: Agent;
let editor: Agent;
let editor2: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp({ env: loginEnv });
});
afterAll(() => t?.close());

const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/ready',
  'GET /api/auth/status',
  'POST /api/auth/setup',
  'POST /api/auth/login',
  'POST /api/auth/accept-invite',
]);
const UUID = '00000000-0000-4000-8000-000000000000';

/** Every operation of the OpenAPI document, with path parameters filled in. */
function operations(): { key: string; method: Method; url: string }[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const ops: { key: string; method: Method; url: string }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of Object.keys(item)) {
      const m = method.toUpperCase() as Method;
      const url = path.replace(/\{version\}/g, '1').replace(/\{[^}]+\}/g, UUID);
      ops.push({ key: `${m} ${path.replace(/\{(\w+)\}/g, ':$1')}`, method: m, url });
    }
  }
  return ops;
}

describe('first start', () => {
  it('reports that setup is required and refuses a wrong token', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/auth/status' });
    expect(status.json()).toMatchObject({ mode: 'login', setupRequired: true, user: null });
    expect(t.app.services.setup.pendingToken).toBe(SETUP_TOKEN);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { token: 'nope', username: 'mallory', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().details[0].path).toBe('token');
  });

  it('creates the first admin once; the token is spent', async () => {
    admin = await setupAdmin(t.app);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { token: SETUP_TOKEN, username: 'second', password: PASSWORD },
    });
    expect(again.statusCode).toBe(409);
    const status = await admin.request('GET', '/api/auth/status');
    expect(status.json()).toMatchObject({ setupRequired: false, user: { username: 'admin', role: 'admin' } });
    editor = await createUser(t.app, admin, 'Edith', 'editor');
    editor2 = await createUser(t.app, admin, 'eddie', 'editor');
    viewer = await createUser(t.app, admin, 'vera', 'viewer');
    expect(editor.username).toBe('edith');
  });

  it('stores passwords as argon2id hashes and cookies as HTTP-only SameSite=Lax', async () => {
    const rows = await t.db.database.rows<{ password_hash: string }>(
      (await import('drizzle-orm')).sql`select password_hash from users where username = 'admin'`,
    );
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'hoistway_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('refuses a wrong password with 401', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong password' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('every route of the OpenAPI document', () => {
  it('answers 401 without credentials (except health, ready, status, setup, login, accept-invite)', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const op of ops) {
      const res = await t.app.inject({
        method: op.method,
        url: op.url,
        payload: op.method === 'GET' ? undefined : {},
      });
      const expected = PUBLIC.has(op.key) ? 'not 401' : 401;
      if (PUBLIC.has(op.key) ? res.statusCode === 401 : res.statusCode !== 401)
        failures.push(`${op.key}: ${res.statusCode} (expected ${expected})`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every write of a viewer, and lets a viewer read', async () => {
    const failures: string[] = [];
    for (const op of operations()) {
      if (op.method === 'GET' || PUBLIC.has(op.key)) continue;
      // Signing out and the viewer's own API tokens are the viewer's to manage.
      if (
        op.key === 'POST /api/auth/logout' ||
        op.key.startsWith('POST /api/auth/tokens') ||
        op.key.startsWith('DELETE /api/auth/tokens')
      )
        continue;
      const res = await viewer.request(op.method, op.url, {});
      if (res.statusCode !== 403) failures.push(`${op.key}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
    expect((await viewer.request('GET', '/api/buildings')).statusCode).toBe(200);
    expect((await viewer.request('GET', '/api/users')).statusCode).toBe(403);
  });

  it('answers 401 to a bearer token that is not one', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/buildings',
      headers: { authorization: 'Bearer hw_nothing' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token (403), accepts it with', async () => {
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      headers: { cookie: editor.cookie },
      payload: officeBuilding('No CSRF') as object,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().message).toMatch(/CSRF/);
    const wrong = await editor.request('POST', '/api/buildings', officeBuilding('Wrong CSRF'), {
      'x-csrf-token': 'x',
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await editor.request('POST', '/api/buildings', officeBuilding('With CSRF'));
    expect(ok.statusCode).toBe(201);
  });
});

describe('role matrix', () => {
  it('an editor changes and deletes their own building, not another editor’s; an admin may', async () => {
    const mine = (await editor.request('POST', '/api/buildings', officeBuilding('Edith’s'))).json();
    const theirs = (await editor2.request('POST', '/api/buildings', officeBuilding('Eddie’s'))).json();
    expect(mine.ownerId).toBe(editor.id);
    expect((await viewer.request('GET', `/api/buildings/${theirs.id}`)).json().ownerId).toBe(editor2.id);
    expect((await editor.request('PATCH', `/api/buildings/${mine.id}`, { archived: true })).statusCode).toBe(
      200,
    );
    expect(
      (await editor.request('PATCH', `/api/buildings/${theirs.id}`, { archived: true })).statusCode,
    ).toBe(403);
    expect(
      (await editor.request('PUT', `/api/buildings/${theirs.id}`, officeBuilding('Taken'))).statusCode,
    ).toBe(403);
    expect((await editor.request('DELETE', `/api/buildings/${theirs.id}`)).statusCode).toBe(403);
    expect((await viewer.request('DELETE', `/api/buildings/${theirs.id}`)).statusCode).toBe(403);
    // Duplicating someone else's building makes a copy of one's own.
    const copy = await editor.request('POST', `/api/buildings/${theirs.id}/duplicate`);
    expect(copy.statusCode).toBe(201);
    expect((await editor.request('DELETE', `/api/buildings/${copy.json().id}`)).statusCode).toBe(204);
    expect((await admin.request('DELETE', `/api/buildings/${theirs.id}`)).statusCode).toBe(204);
    expect((await editor.request('DELETE', `/api/buildings/${mine.id}`)).statusCode).toBe(204);
  });

  it('an editor controls and deletes their own sessions only; scripts likewise', async () => {
    const building = (await editor.request('POST', '/api/buildings', officeBuilding('Sessions'))).json();
    const session = (await editor.request('POST', '/api/sessions', { buildingId: building.id })).json();
    expect(
      (await editor2.request('POST', `/api/sessions/${session.id}/control`, { type: 'pause' })).statusCode,
    ).toBe(403);
    expect((await editor2.request('DELETE', `/api/sessions/${session.id}`)).statusCode).toBe(403);
    expect((await viewer.request('GET', `/api/sessions/${session.id}`)).statusCode).toBe(200);
    expect((await editor.request('DELETE', `/api/sessions/${session.id}`)).statusCode).toBe(204);

    const script = (await editor.request('POST', '/api/scripts', { name: 's', source: 'x' })).json();
    expect(script.ownerId).toBe(editor.id);
    expect(
      (await editor2.request('PUT', `/api/scripts/${script.id}`, { name: 't', source: 'y' })).statusCode,
    ).toBe(403);
    expect((await admin.request('DELETE', `/api/scripts/${script.id}`)).statusCode).toBe(204);
  });

  it('admins manage users; the last admin cannot demote themselves; a disabled user is signed out', async () => {
    expect(
      (await editor.request('POST', '/api/users', { username: 'x', password: PASSWORD })).statusCode,
    ).toBe(403);
    expect((await admin.request('PATCH', `/api/users/${admin.id}`, { role: 'viewer' })).statusCode).toBe(409);
    const temp = await createUser(t.app, admin, 'temp', 'editor');
    expect((await temp.request('GET', '/api/buildings')).statusCode).toBe(200);
    const disabled = await admin.request('PATCH', `/api/users/${temp.id}`, { disabled: true });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await temp.request('GET', '/api/buildings')).statusCode).toBe(401);
    await expect(login(t.app, 'temp')).rejects.toThrow(/401/);
    const dup = await admin.request('POST', '/api/users', { username: 'TEMP', password: PASSWORD });
    expect(dup.statusCode).toBe(409);
  });
});

describe('invitations', () => {
  it('an invited account chooses its password once with the link token, then signs in', async () => {
    const res = await admin.request('POST', '/api/users', { username: 'ivy', role: 'editor' });
    expect(res.statusCode).toBe(201);
    const { inviteToken, id } = res.json();
    expect(inviteToken).toMatch(/^hwi_/);
    // No password yet: nothing signs in.
    await expect(login(t.app, 'ivy', PASSWORD)).rejects.toThrow(/401/);
    const accept = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/accept-invite',
        payload: { token, password: PASSWORD },
      });
    expect((await accept('hwi_wrong')).statusCode).toBe(403);
    const accepted = await accept(inviteToken);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user).toMatchObject({ id, username: 'ivy', role: 'editor' });
    expect(accepted.cookies.some((c) => c.name === 'hoistway_session')).toBe(true);
    expect((await accept(inviteToken)).statusCode).toBe(403); // spent
    expect((await login(t.app, 'ivy')).username).toBe('ivy');
  });
});

describe('API tokens', () => {
  it('a write token works as Bearer, is listed without its secret, and stops working when revoked', async () => {
    const created = await editor.request('POST', '/api/auth/tokens', { name: 'CI', scope: 'write' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^hw_/);
    const bearer = { authorization: `Bearer ${token}` };
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      headers: bearer,
      payload: officeBuilding('By token') as object,
    });
    expect(made.statusCode).toBe(201); // no CSRF token needed: not a cookie
    const list = (await editor.request('GET', '/api/auth/tokens')).json();
    expect(list.items[0]).toMatchObject({ id, name: 'CI', scope: 'write' });
    expect(JSON.stringify(list)).not.toContain(token);
    // A token cannot mint tokens.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/tokens',
          headers: bearer,
          payload: { name: 'x', scope: 'write' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await editor2.request('DELETE', `/api/auth/tokens/${id}`)).statusCode).toBe(404);
    expect((await editor.request('DELETE', `/api/auth/tokens/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/buildings', headers: bearer })).statusCode).toBe(
      401,
    );
  });

  it('a read token reads but cannot write', async () => {
    const { token } = (
      await editor.request('POST', '/api/auth/tokens', { name: 'ro', scope: 'read' })
    ).json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/buildings', headers: bearer })).statusCode).toBe(
      200,
    );
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      headers: bearer,
      payload: officeBuilding('ro') as object,
    });
    expect(write.statusCode).toBe(403);
  });

  it('signing out ends the session', async () => {
    const again = await login(t.app, 'eddie');
    expect((await again.request('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await again.request('GET', '/api/buildings')).statusCode).toBe(401);
  });
});
