import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeBuilding } from '../helpers/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('buildings', () => {
  it('creates a building as version 1 with defaults applied', async () => {
    const res = await inject('POST', '/api/buildings', officeBuilding('Create me'));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toMatchObject({ name: 'Create me', archived: false, currentVersion: 1, version: 1 });
    expect(body.definition.groups[0].cars[0].doorOpenTime).toBe(1.8);
    expect(body.definition.loadingFactor).toBe(0.8);
  });

  it('rejects an invalid building with 400 naming the field, and stores nothing', async () => {
    const before = (await inject('GET', '/api/buildings?limit=100')).json().items.length;
    const bad = officeBuilding();
    (bad.groups[0]!.cars[2] as { speed: number }).speed = -1;
    const res = await inject('POST', '/api/buildings', bad);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'Bad Request',
      message: 'Invalid request body',
      details: [{ path: 'groups[0].cars[2].speed', message: 'must be > 0' }],
    });
    expect((await inject('GET', '/api/buildings?limit=100')).json().items.length).toBe(before);
  });

  it('reports unknown fields and malformed JSON as 400', async () => {
    const res = await inject('POST', '/api/buildings', { ...officeBuilding(), colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toContainEqual({ path: 'colour', message: 'unknown field' });
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/buildings',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'Bad Request', details: [] });
  });

  it('gets, lists with cursor pagination, and 404s unknown ids (400 for non-UUIDs)', async () => {
    const created = [];
    for (let k = 0; k < 5; k++)
      created.push((await inject('POST', '/api/buildings', officeBuilding(`Page ${k}`))).json());
    const got = await inject('GET', `/api/buildings/${created[0].id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().name).toBe('Page 0');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await inject('GET', `/api/buildings?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((b: { id: string }) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const b of created) expect(seen).toContain(b.id);
    // Newest first.
    expect(seen.indexOf(created[4].id)).toBeLessThan(seen.indexOf(created[0].id));

    expect((await inject('GET', '/api/buildings/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const notUuid = await inject('GET', '/api/buildings/not-a-uuid');
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().details).toEqual([{ path: 'id', message: 'must be a UUID' }]);
    const badLimit = await inject('GET', '/api/buildings?limit=1000');
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().details[0].path).toBe('limit');
    const badCursor = await inject('GET', '/api/buildings?cursor=garbage');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().details[0].path).toBe('cursor');
  });

  it('update adds a version and keeps the old one readable', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Versioned'))).json();
    const edited = officeBuilding('Versioned v2');
    edited.groups[0]!.cars[0]!.speed = 2.5;
    const updated = await inject('PUT', `/api/buildings/${created.id}`, edited);
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Versioned v2', currentVersion: 2, version: 2 });
    const v1 = (await inject('GET', `/api/buildings/${created.id}/versions/1`)).json();
    expect(v1.definition.name).toBe('Versioned');
    expect(v1.definition.groups[0].cars[0].speed).toBe(1.6);
    const versions = (await inject('GET', `/api/buildings/${created.id}/versions`)).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await inject('GET', `/api/buildings/${created.id}/versions/3`)).statusCode).toBe(404);
    expect((await inject('GET', `/api/buildings/${created.id}/versions/0`)).statusCode).toBe(400);
    expect(
      (await inject('PUT', '/api/buildings/00000000-0000-4000-8000-000000000000', edited)).statusCode,
    ).toBe(404);
    const bad = await inject('PUT', `/api/buildings/${created.id}`, { ...edited, floors: [] });
    expect(bad.statusCode).toBe(400);
    expect((await inject('GET', `/api/buildings/${created.id}`)).json().currentVersion).toBe(2);
  });

  it('saving an unchanged definition adds no version (even with its keys in another order)', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Unchanged'))).json();
    const same = await inject('PUT', `/api/buildings/${created.id}`, created.definition);
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ currentVersion: 1, version: 1 });
    const reordered = Object.fromEntries(Object.entries(created.definition).reverse());
    expect((await inject('PUT', `/api/buildings/${created.id}`, reordered)).json().currentVersion).toBe(1);
    const versions = (await inject('GET', `/api/buildings/${created.id}/versions`)).json();
    expect(versions.items).toHaveLength(1);
  });

  it('archives, hides archived from the default list, and unarchives', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Archive me'))).json();
    const archived = await inject('PATCH', `/api/buildings/${created.id}`, { archived: true });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archived).toBe(true);
    const ids = (url: string) =>
      inject('GET', url).then((r) => r.json().items.map((b: { id: string }) => b.id));
    expect(await ids('/api/buildings?limit=100')).not.toContain(created.id);
    expect(await ids('/api/buildings?limit=100&includeArchived=true')).toContain(created.id);
    expect((await inject('PATCH', `/api/buildings/${created.id}`, { archived: 'yes' })).statusCode).toBe(400);
    expect((await inject('GET', '/api/buildings?includeArchived=maybe')).statusCode).toBe(400);
    expect((await inject('PATCH', `/api/buildings/${created.id}`, { archived: false })).json().archived).toBe(
      false,
    );
  });

  it('exports a file that imports back to the same definition', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Round trip'))).json();
    const exported = await inject('GET', `/api/buildings/${created.id}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain('Round_trip.building.json');
    const file = exported.json();
    expect(file).toMatchObject({ format: 'hoistway.building', formatVersion: 1 });
    const imported = await inject('POST', '/api/buildings/import', file);
    expect(imported.statusCode).toBe(201);
    expect(imported.json().id).not.toBe(created.id);
    expect(imported.json().definition).toEqual(created.definition);
    const wrongFormat = await inject('POST', '/api/buildings/import', { ...file, format: 'other' });
    expect(wrongFormat.statusCode).toBe(400);
    expect(wrongFormat.json().details[0].path).toBe('format');
    const badBuilding = await inject('POST', '/api/buildings/import', {
      ...file,
      building: { ...file.building, floors: 3 },
    });
    expect(badBuilding.json().details[0].path).toBe('building.floors');
  });

  it('takes the export file and the bare definition on create and import alike', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Either shape'))).json();
    const file = (await inject('GET', `/api/buildings/${created.id}/export`)).json();
    const fromFile = await inject('POST', '/api/buildings', file);
    expect(fromFile.statusCode).toBe(201);
    expect(fromFile.json().definition).toEqual(created.definition);
    const bareImport = await inject('POST', '/api/buildings/import', created.definition);
    expect(bareImport.statusCode).toBe(201);
    expect(bareImport.json().definition).toEqual(created.definition);
    const bad = await inject('POST', '/api/buildings', { ...created.definition, loadingFactor: 3 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([{ path: 'loadingFactor', message: 'must be <= 1' }]);
  });

  it('deletes an unused building (204, then 404)', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Delete me'))).json();
    expect((await inject('DELETE', `/api/buildings/${created.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/api/buildings/${created.id}`)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/buildings/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses to delete a building a session uses (409) and keeps it', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('In use'))).json();
    const session = await inject('POST', '/api/sessions', { buildingId: created.id });
    expect(session.statusCode).toBe(201);
    const res = await inject('DELETE', `/api/buildings/${created.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('archive it instead');
    expect((await inject('GET', `/api/buildings/${created.id}`)).statusCode).toBe(200);
  });

  it('restores an earlier version as a new version; 409 for the current one, 404/400 for bad versions', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Restore me'))).json();
    const edited = officeBuilding('Restore me v2');
    edited.groups[0]!.cars[0]!.speed = 2.5;
    await inject('PUT', `/api/buildings/${created.id}`, edited);
    const restored = await inject('POST', `/api/buildings/${created.id}/versions/1/restore`);
    expect(restored.statusCode).toBe(201);
    expect(restored.json()).toMatchObject({ name: 'Restore me', currentVersion: 3, version: 3 });
    expect(restored.json().definition).toEqual(created.definition);
    const again = await inject('POST', `/api/buildings/${created.id}/versions/3/restore`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('already the current version');
    expect((await inject('POST', `/api/buildings/${created.id}/versions/9/restore`)).statusCode).toBe(404);
    const badVersion = await inject('POST', `/api/buildings/${created.id}/versions/x/restore`);
    expect(badVersion.statusCode).toBe(400);
    expect(badVersion.json().details[0].path).toBe('version');
  });

  it('duplicates a building as a new building (version 1), named "… (copy)" unless named', async () => {
    const created = (await inject('POST', '/api/buildings', officeBuilding('Twin'))).json();
    const copy = await inject('POST', `/api/buildings/${created.id}/duplicate`);
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ name: 'Twin (copy)', currentVersion: 1, archived: false });
    expect(copy.json().id).not.toBe(created.id);
    expect({ ...copy.json().definition, name: 'Twin' }).toEqual(created.definition);
    const named = await inject('POST', `/api/buildings/${created.id}/duplicate`, { name: 'Triplet' });
    expect(named.json().name).toBe('Triplet');
    const bad = await inject('POST', `/api/buildings/${created.id}/duplicate`, { name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('name');
    const unknown = await inject('POST', '/api/buildings/00000000-0000-4000-8000-000000000000/duplicate');
    expect(unknown.statusCode).toBe(404);
  });
});
