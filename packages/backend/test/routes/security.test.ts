/**
 * What every response of the backend carries by itself (no nginx needed): helmet's security headers
 * with the web app's CSP (the playground worker and Swagger UI get their own), an `x-request-id`
 * (the client's only when short and well-formed); Swagger UI can be turned off; behind a trusted
 * proxy the rate limit sees the real client.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@fastify/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYGROUND_WORKER_CSP } from '../../src/http/hardening.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let dist: string;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'hoistway-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app">spa</div>');
  writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'playground.worker-Zx98_y-1.js'), 'self.onmessage = () => {}');
  t = await createTestApp({
    env: { FRONTEND_DIST: dist, RATE_LIMIT_MAX: '3', TRUST_PROXY: '1', REQUEST_TIMEOUT_MS: '45000' },
  });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy'], what).toBe('camera=(), microphone=(), geolocation=()');
  expect(headers['strict-transport-security'], what).toBeUndefined();
  expect(String(headers['x-request-id']), what).toMatch(uuidPattern);
}

describe('security headers on everything the backend serves', () => {
  it('API answers, errors, 404s, the web app and its assets', async () => {
    const responses = {
      health: await t.app.inject({ url: '/api/health', remoteAddress: '10.1.0.1' }),
      invalid: await t.app.inject({ url: '/api/buildings/nope', remoteAddress: '10.1.0.2' }),
      unknownRoute: await t.app.inject({ url: '/api/nope', remoteAddress: '10.1.0.3' }),
      page: await t.app.inject('/sessions/123'),
      index: await t.app.inject('/'),
      asset: await t.app.inject('/assets/index-Ab12Cd34.js'),
      missingAsset: await t.app.inject('/assets/missing-1.js'),
    };
    expect(responses.invalid.statusCode).toBe(400);
    expect(responses.unknownRoute.statusCode).toBe(404);
    for (const [what, res] of Object.entries(responses)) {
      expectSecurityHeaders(res.headers, what);
      expect(res.headers['content-security-policy'], what).toBe(
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;font-src 'self' data:;connect-src 'self';worker-src 'self' blob:;object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
      );
    }
    expect(responses.page.body).toContain('spa');
  });

  it('the playground worker gets its own CSP, which allows evaluating the user script', async () => {
    const res = await t.app.inject('/assets/playground.worker-Zx98_y-1.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(PLAYGROUND_WORKER_CSP);
  });

  it('Swagger UI has its own CSP, without the https upgrade that would break it on plain http', async () => {
    const res = await t.app.inject({ url: '/api/docs', remoteAddress: '10.3.0.1' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Swagger UI');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('a request-body timeout is set on the server', () => {
    expect(t.app.server.requestTimeout).toBe(45_000);
  });
});

describe('x-request-id', () => {
  it('a short well-formed id is kept and echoed; anything else is replaced by a fresh one', async () => {
    const ok = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123_X.y' } });
    expect(ok.headers['x-request-id']).toBe('abc-123_X.y');
    for (const bad of ['x'.repeat(65), 'a b', 'id\u00e9', '<script>', 'a,b', '']) {
      const res = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': bad } });
      expect(String(res.headers['x-request-id']), bad).toMatch(uuidPattern);
    }
  });

  it('rate-limited and oversized requests are answered with their id too', async () => {
    let limited;
    for (let k = 0; k < 5; k++)
      limited = await t.app.inject({
        url: '/api/buildings',
        remoteAddress: '10.2.0.1',
        headers: { 'x-request-id': `req-${k}` },
      });
    expect(limited!.statusCode).toBe(429);
    expect(limited!.headers['x-request-id']).toBe('req-4');
    expectSecurityHeaders(
      { ...limited!.headers, 'x-request-id': '00000000-0000-4000-8000-000000000000' },
      '429',
    );
  });
});

describe('behind a proxy (TRUST_PROXY=1)', () => {
  it('the rate limit counts each forwarded client on its own, and health is never limited', async () => {
    const from = (client: string) =>
      t.app.inject({
        url: '/api/buildings',
        remoteAddress: '172.18.0.5',
        headers: { 'x-forwarded-for': client },
      });
    const a = [];
    for (let k = 0; k < 4; k++) a.push((await from('203.0.113.1')).statusCode);
    expect(a).toEqual([200, 200, 200, 429]);
    expect((await from('203.0.113.2')).statusCode).toBe(200);
    for (let k = 0; k < 5; k++)
      expect(
        (
          await t.app.inject({
            url: '/api/health',
            remoteAddress: '172.18.0.5',
            headers: { 'x-forwarded-for': '203.0.113.1' },
          })
        ).statusCode,
      ).toBe(200);
  });
});

describe('API_DOCS=off', () => {
  it('serves no Swagger UI, but the OpenAPI document is still built', async () => {
    const off = await createTestApp({ env: { API_DOCS: 'off' } });
    try {
      expect((await off.app.inject('/api/docs')).statusCode).toBe(404);
      expect((await off.app.inject('/api/docs/json')).statusCode).toBe(404);
      const doc = off.app.swagger() as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toContain('/api/buildings');
    } finally {
      await off.close();
    }
  });
});
