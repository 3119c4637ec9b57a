import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health and readiness', () => {
  it('/api/health answers ok', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/api/ready reports the database kind once migrations are applied', async () => {
    const res = await t.app.inject('/api/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: testDatabaseKind });
  });

  it('/api/ready is 503 when the migrations are missing', async () => {
    await t.db.database.rows(
      (await import('drizzle-orm')).sql`update drizzle.__drizzle_migrations set created_at = 0`,
    );
    const res = await t.app.inject('/api/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'Service Unavailable', details: [] });
  });
});

describe('documentation, unknown routes and the web app', () => {
  it('serves the OpenAPI document with every route and the docs UI', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/buildings',
      '/api/buildings/{id}',
      '/api/sessions',
      '/api/runs/{id}/cancel',
      '/api/datasets',
      '/api/ready',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/api/buildings'].post.requestBody).toBeDefined();
    const ui = await t.app.inject('/api/docs');
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('unknown /api routes are JSON 404s', async () => {
    const api = await t.app.inject('/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({
      error: 'Not Found',
      message: 'Route GET /api/nothing-here not found',
      details: [],
    });
    expect((await t.app.inject({ method: 'POST', url: '/elsewhere' })).statusCode).toBe(404);
  });

  it('without a built web app, other paths get a placeholder page linking the API docs', async () => {
    const bare = await createTestApp({ env: { FRONTEND_DIST: join(tmpdir(), 'hoistway-no-such-dist') } });
    try {
      const page = await bare.app.inject('/some/client/route');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('href="/api/docs"');
    } finally {
      await bare.close();
    }
  });

  it('with a built web app, serves its files and falls back to index.html for client routes', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'hoistway-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app">spa</div>');
    writeFileSync(join(dist, 'app.js'), 'console.log(1)');
    const served = await createTestApp({ env: { FRONTEND_DIST: dist } });
    try {
      expect((await served.app.inject('/app.js')).body).toBe('console.log(1)');
      expect((await served.app.inject('/')).body).toContain('spa');
      expect((await served.app.inject('/runs/123')).body).toContain('spa');
      expect((await served.app.inject('/api/missing')).statusCode).toBe(404);
    } finally {
      await served.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('caches hashed assets for a year and compresses them; index.html is revalidated', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'hoistway-dist-'));
    mkdirSync(join(dist, 'assets'));
    const bundle = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app">spa</div>');
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), bundle);
    const served = await createTestApp({ env: { FRONTEND_DIST: dist } });
    try {
      const asset = await served.app.inject({
        url: '/assets/index-Ab12Cd34.js',
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(asset.rawPayload).toString()).toBe(bundle);
      for (const url of ['/', '/index.html', '/sessions/some-id']) {
        const page = await served.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
        expect(page.headers['cache-control'], url).toBe('no-cache');
        expect(page.statusCode, url).toBe(200);
      }
      expect((await served.app.inject('/assets/index-Gone1234.js')).statusCode).toBe(404);
      // A client that takes no compression gets the plain file.
      const plain = await served.app.inject('/assets/index-Ab12Cd34.js');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(bundle);
    } finally {
      await served.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
