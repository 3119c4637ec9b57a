import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStatusNames, sessionStatusNames } from '@hoistway/shared-types';
import { buildings, migrationsFolder, runStatuses, sessionStatuses } from '@hoistway/shared-types/db';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
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
      'api_tokens',
      'auth_sessions',
      'building_versions',
      'buildings',
      'dataset_episodes',
      'datasets',
      'dispatcher_scripts',
      'models',
      'run_tasks',
      'runs',
      'session_leases',
      'session_passengers',
      'sessions',
      'share_links',
      'socket_io_attachments',
      'training_samples',
      'users',
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
      'models_name_version_idx',
      'dispatcher_scripts_list_idx',
    ])
      expect(indexes).toContain(name);
    expect(await t.database.isReady()).toBe(true);
  });

  it('the database enums are the API enums', () => {
    expect([...sessionStatuses]).toEqual([...sessionStatusNames]);
    expect([...runStatuses]).toEqual([...runStatusNames]);
  });

  // Embedded PGlite gets the same check below (a data directory opened twice).
  it.skipIf(!testServerUrl)(
    'applying the migrations again changes nothing: same migrations, columns, data',
    async () => {
      await t.database.db.insert(buildings).values({ name: 'kept across migrations' });
      const before = await schemaFingerprint(t.database);
      const again = await openDatabase({ databaseUrl: t.url, dataDir: 'unused', poolSize: 1 });
      try {
        expect(await schemaFingerprint(again)).toEqual(before);
        expect(before.migrations[0]!.n).toBe(readMigrationFiles({ migrationsFolder }).length);
        expect(before.buildings.map((r) => r.name)).toContain('kept across migrations');
        expect(await again.isReady()).toBe(true);
      } finally {
        await again.close();
      }
    },
  );

  it('refuses to delete a building version a session uses (foreign key, not just the API check)', async () => {
    const [b] = await t.database.db.insert(buildings).values({ name: 'fk' }).returning({ id: buildings.id });
    await t.database.rows(
      sql`insert into building_versions (building_id, version, definition) values (${b!.id}, 1, '{}')`,
    );
    await t.database.rows(
      sql`insert into sessions (building_id, building_version, traffic, config, seed) values (${b!.id}, 1, '{}', '{}', 1)`,
    );
    await expect(t.database.rows(sql`delete from buildings where id = ${b!.id}`)).rejects.toThrow(
      /foreign key constraint/,
    );
    const left = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from buildings where id = ${b!.id}`,
    );
    expect(left[0]!.n).toBe(1);
  });
});

/** What re-applying the migrations must leave unchanged: the migration log, every column, the data. */
async function schemaFingerprint(database: Database) {
  return {
    migrations: await database.rows<{ n: number; latest: string }>(
      sql`select count(*)::int as n, max(created_at)::text as latest from drizzle.__drizzle_migrations`,
    ),
    columns: await database.rows(
      sql`select table_name, column_name, data_type, is_nullable, column_default
          from information_schema.columns where table_schema = 'public' order by 1, 2`,
    ),
    buildings: await database.rows<{ name: string }>(sql`select id, name from buildings order by id`),
  };
}

describe('embedded PGlite in DATA_DIR', () => {
  // Opening a PGlite directory takes several seconds on a loaded machine, twice here.
  it(
    'migrates a fresh directory, and opening it again changes nothing and keeps the data',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hoistway-pglite-'));
      try {
        const first = await openDatabase({ dataDir: join(dir, 'data') });
        expect(first.kind).toBe('pglite');
        expect(await first.isReady()).toBe(true);
        await first.db.insert(buildings).values({ name: 'persisted' });
        const before = await schemaFingerprint(first);
        await first.close();
        const second = await openDatabase({ dataDir: join(dir, 'data') });
        const rows = await second.db.select({ name: buildings.name }).from(buildings);
        expect(rows).toEqual([{ name: 'persisted' }]);
        expect(await schemaFingerprint(second)).toEqual(before);
        expect(before.migrations[0]!.n).toBe(readMigrationFiles({ migrationsFolder }).length);
        await second.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
