import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT: '4096', RATE_LIMIT_MAX: '5' } });
});
afterAll(() => t.close());

describe('request limits', () => {
  it('an oversized body is 413 in the error shape, and nothing is stored', async () => {
    const big = officeBuilding('x'.repeat(10));
    (big as { floors: unknown[] }).floors = Array.from({ length: 150 }, (_, k) => ({
      name: `F${k}`,
      height: 3.5,
      population: 10,
      entrance: k === 0,
    }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      payload: big,
      remoteAddress: '10.0.0.1',
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'Payload Too Large',
      message: 'Request body is too large',
      details: [],
    });
    const list = await t.app.inject({
      url: '/api/buildings?includeArchived=true',
      remoteAddress: '10.0.0.2',
    });
    expect(list.json().items).toEqual([]);
  });

  it('more requests per minute than RATE_LIMIT_MAX from one client get 429 in the error shape', async () => {
    const statuses: number[] = [];
    for (let k = 0; k < 7; k++)
      statuses.push((await t.app.inject({ url: '/api/buildings', remoteAddress: '10.0.0.3' })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await t.app.inject({ url: '/api/buildings', remoteAddress: '10.0.0.3' });
    expect(limited.json()).toMatchObject({ error: 'Too Many Requests', details: [] });
    // Another client is not affected, and health and readiness probes are never limited.
    expect((await t.app.inject({ url: '/api/buildings', remoteAddress: '10.0.0.4' })).statusCode).toBe(200);
    for (const url of ['/api/health', '/api/ready'])
      expect((await t.app.inject({ url, remoteAddress: '10.0.0.3' })).statusCode).toBe(200);
  });
});
