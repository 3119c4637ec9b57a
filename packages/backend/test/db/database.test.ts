import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStatusNames, sessionStatusNames } from '@hoistway/shared-types';
import { buildings, runStatuses, sessionStatuses } from '@hoistway/shared-types/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('database and migrations', () => {
  it('creates every table and the indexes the list queries use', async () => {
    const tables = await t.database.rows<{ name: string }>(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((r) => r.name)).toEqual([
      'building_versions',
      'buildings',
      'dataset_episodes',
      'datasets',
      'dispatcher_scripts',
      'runs',
      'sessions',
      'training_samples',
    ]);
    const indexes = (
      await t.database.rows<{ name: string }>(
        sql`select indexname as name from pg_indexes where schemaname = 'public'`,
      )
    ).map((r) => r.name);
    for (const name of [
      'sessions_list_idx',
      'sessions_status_list_idx',
      'sessions_building_list_idx',
      'runs_list_idx',
      'buildings_list_idx',
      'training_samples_dataset_episode_idx',
      'dispatcher_scripts_list_idx',
    ])
      expect(indexes).toContain(name);
    expect(await t.database.isReady()).toBe(true);
  });

  it('the database enums are the API enums', () => {
    expect([...sessionStatuses]).toEqual([...sessionStatusNames]);
    expect([...runStatuses]).toEqual([...runStatusNames]);
  });

  it('applying the migrations again changes nothing', async () => {
    const again = testServerUrl
      ? await openDatabase({ databaseUrl: t.url, dataDir: 'unused', poolSize: 1 })
      : undefined;
    try {
      const rows = await t.database.rows<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
      if (again) expect(await again.isReady()).toBe(true);
    } finally {
      await again?.close();
    }
  });

  it('refuses to delete a building version a session uses (foreign key, not just the API check)', async () => {
    const [b] = await t.database.db.insert(buildings).values({ name: 'fk' }).returning({ id: buildings.id });
    await t.database.rows(
      sql`insert into building_versions (building_id, version, definition) values (${b!.id}, 1, '{}')`,
    );
    await t.database.rows(
      sql`insert into sessions (building_id, building_version, traffic, config, seed) values (${b!.id}, 1, '{}', '{}', 1)`,
    );
    await expect(t.database.rows(sql`delete from buildings where id = ${b!.id}`)).rejects.toMatchObject({});
    const left = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from buildings where id = ${b!.id}`,
    );
    expect(left[0]!.n).toBe(1);
  });
});

describe('embedded PGlite in DATA_DIR', () => {
  it('migrates a fresh directory and keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoistway-pglite-'));
    try {
      const first = await openDatabase({ dataDir: join(dir, 'data') });
      expect(first.kind).toBe('pglite');
      expect(await first.isReady()).toBe(true);
      await first.db.insert(buildings).values({ name: 'persisted' });
      await first.close();
      const second = await openDatabase({ dataDir: join(dir, 'data') });
      const rows = await second.db.select({ name: buildings.name }).from(buildings);
      expect(rows).toEqual([{ name: 'persisted' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two PGlite starts (initdb in WebAssembly) and every migration: CPU-bound, far slower on a busy machine.
  }, 120_000);
});
