/**
 * Every paged list is rendered to JSON by PostgreSQL (db/json-page.ts) and sent as text, past the
 * response serializer: these tests hold each page to its declared schema exactly, check that an item
 * equals the summary fields of the detail route, and walk the pages by cursor.
 */
import {
  buildingSummarySchema,
  datasetSummarySchema,
  decisionFeatureNames,
  runSummarySchema,
  scriptSummarySchema,
  sessionSummarySchema,
} from '@hoistway/shared-types';
import { datasets } from '@hoistway/shared-types/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { officeBuilding } from '../helpers/fixtures.js';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const inject = injector(() => t.app);
const COUNT = 3;

beforeAll(async () => {
  t = await createTestApp();
  for (let k = 0; k < COUNT; k++) {
    const building = (await inject('POST', '/api/buildings', officeBuilding(`List office ${k}`))).json();
    await inject('POST', '/api/sessions', { buildingId: building.id, config: { seed: k } });
    const run = await inject('POST', '/api/runs', {
      buildingId: building.id,
      dispatchers: [{ name: 'eta' }],
      seeds: [k],
    });
    await t.app.services.runManager.settled(run.json().id);
    await inject('POST', '/api/scripts', { name: `Script ${k}`, source: 'export default () => 0;\n' });
    await t.db.database.db.insert(datasets).values({
      name: `list-dataset-${k}`,
      building: officeBuilding('Dataset office') as never,
      traffic: { kind: 'template', template: 'lunch', intensity: 12 },
      config: { seed: k, episodes: 2, duration: 600 },
      featureNames: [...decisionFeatureNames],
    });
  }
});
afterAll(() => t.close());

const lists = [
  { path: '/api/buildings', item: buildingSummarySchema },
  { path: '/api/sessions', item: sessionSummarySchema },
  { path: '/api/runs', item: runSummarySchema },
  { path: '/api/scripts', item: scriptSummarySchema },
  { path: '/api/datasets', item: datasetSummarySchema },
] as const;

describe.each(lists)('GET $path', ({ path, item }) => {
  const strictPage = z.strictObject({ items: z.array(item.strict()), nextCursor: z.string().nullable() });

  it('matches the declared page schema exactly, and an item equals its detail', async () => {
    const res = await inject('GET', `${path}?limit=2`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const page = strictPage.parse(res.json());
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const first = page.items[0]!;
    expect(first.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00$/);
    const detail = (await inject('GET', `${path}/${first.id}`)).json();
    const summaryOfDetail = Object.fromEntries(Object.keys(first).map((key) => [key, detail[key]]));
    expect(first).toEqual(summaryOfDetail);
  });

  it('walks every item once, newest first, by cursor', async () => {
    const all = strictPage.parse((await inject('GET', `${path}?limit=100`)).json()).items;
    expect(all.length).toBeGreaterThanOrEqual(COUNT);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = strictPage.parse((await inject('GET', `${path}?limit=1${query}`)).json());
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length <= all.length);
    expect(seen).toEqual(all.map((i) => i.id));
    const created = all.map((i) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });
});
