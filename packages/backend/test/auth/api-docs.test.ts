/** Swagger UI is for signed-in people: a browser is sent to sign in, a script gets a 401. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { loginEnv, setupAdmin } from './auth-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { ...loginEnv, API_DOCS: 'on' } });
});
afterAll(() => t.close());

describe('API docs behind sign-in', () => {
  it('redirects a browser to sign in, refuses a script, and serves a signed-in user', async () => {
    const browser = await t.app.inject({ url: '/api/docs', headers: { accept: 'text/html' } });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe('/login?redirect=%2Fapi%2Fdocs');
    const script = await t.app.inject({ url: '/api/docs/json' });
    expect(script.statusCode).toBe(401);

    const admin = await setupAdmin(t.app);
    const page = await admin.request('GET', '/api/docs', undefined, { accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
    const json = await admin.request('GET', '/api/docs/json');
    expect(json.statusCode).toBe(200);
    expect(json.json().info.title).toBe('Hoistway API');
  });
});
