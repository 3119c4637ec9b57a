import { MAX_SCRIPT_LENGTH } from '@hoistway/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injector } from '../helpers/inject.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const inject = injector(() => t.app);
const source = 'export default function choose(ctx) {\n  return 0;\n}\n';
const unknown = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const fields = (res: { json(): { details: { path: string }[] } }) => res.json().details.map((d) => d.path);

describe('dispatcher scripts', () => {
  it('creates, reads, lists, updates and deletes a script', async () => {
    const created = await inject('POST', '/api/scripts', { name: '  First  ', source });
    expect(created.statusCode).toBe(201);
    const script = created.json();
    expect(script).toEqual(
      expect.objectContaining({ name: 'First', source, ownerId: null, size: source.length }),
    );

    const read = await inject('GET', `/api/scripts/${script.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(script);

    const list = await inject('GET', '/api/scripts');
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: script.id, name: 'First', size: source.length }),
    ]);
    expect(list.json().items[0].source).toBeUndefined();

    const updated = await inject('PUT', `/api/scripts/${script.id}`, { name: 'Second', source: '// empty' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toEqual(
      expect.objectContaining({ id: script.id, name: 'Second', source: '// empty', size: 8 }),
    );
    expect(updated.json().createdAt).toBe(script.createdAt);

    expect((await inject('DELETE', `/api/scripts/${script.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/api/scripts/${script.id}`)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/scripts/${script.id}`)).statusCode).toBe(404);
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const empty = await inject('POST', '/api/scripts', { name: ' ', source });
    expect(empty.statusCode).toBe(400);
    expect(fields(empty)).toEqual(['name']);

    const tooLong = await inject('POST', '/api/scripts', {
      name: 'big',
      source: 'x'.repeat(MAX_SCRIPT_LENGTH + 1),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(fields(tooLong)).toEqual(['source']);
    expect(tooLong.json().details[0].message).toContain(String(MAX_SCRIPT_LENGTH));

    const missing = await inject('POST', '/api/scripts', { name: 'x' });
    expect(fields(missing)).toEqual(['source']);
    const wrongType = await inject('POST', '/api/scripts', { name: 'x', source: 42 });
    expect(fields(wrongType)).toEqual(['source']);
    const extra = await inject('POST', '/api/scripts', { name: 'x', source, owner: 'me' });
    expect(extra.statusCode).toBe(400);

    expect((await inject('GET', '/api/scripts/not-a-uuid')).statusCode).toBe(400);
    expect((await inject('GET', `/api/scripts/${unknown}`)).statusCode).toBe(404);
    const putUnknown = await inject('PUT', `/api/scripts/${unknown}`, { name: 'x', source });
    expect(putUnknown.statusCode).toBe(404);
    const putBad = await inject('PUT', `/api/scripts/${unknown}`, { name: '', source });
    expect(putBad.statusCode).toBe(400);
    expect((await inject('GET', '/api/scripts?limit=0')).statusCode).toBe(400);
  });

  it('pages the list newest first', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c'])
      ids.push((await inject('POST', '/api/scripts', { name, source })).json().id);
    const first = (await inject('GET', '/api/scripts?limit=2')).json();
    expect(first.items.map((s: { name: string }) => s.name)).toEqual(['c', 'b']);
    const second = (await inject('GET', `/api/scripts?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((s: { name: string }) => s.name)).toEqual(['a']);
    expect(second.nextCursor).toBeNull();
  });
});
