/**
 * The backend and the simulator's `generate` may start together on a fresh database (compose): every
 * migrator must take the same advisory lock, so both succeed and each migration is applied once.
 */
import { randomBytes } from 'node:crypto';
import { migrationsFolder } from '@hoistway/shared-types/db';
import { applyMigrations } from '@hoistway/simulator/node';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { testServerUrl } from '../helpers/test-database.js';

const scratch: { name: string; admin: postgres.Sql }[] = [];

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `hoistway_race_${randomBytes(5).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  scratch.push({ name, admin });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

afterEach(async () => {
  for (const { name, admin } of scratch.splice(0)) {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
});

describe.skipIf(!testServerUrl)('concurrent migrations on a fresh PostgreSQL database', () => {
  it('backends and generate started at once all succeed, each migration applied once', async () => {
    const url = await freshDatabase(testServerUrl!);
    const open = () => openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
    const outcomes = await Promise.allSettled([
      open(),
      applyMigrations(url),
      open(),
      applyMigrations(url),
      open(),
    ]);
    const databases = outcomes
      .filter((o): o is PromiseFulfilledResult<Database> => o.status === 'fulfilled' && o.value !== undefined)
      .map((o) => o.value);
    try {
      const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
      expect(failures).toEqual([]);
      const db = databases[0]!;
      expect(await db.isReady()).toBe(true);
      const [row] = await db.rows<{ applied: number }>(
        sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
      );
      expect(row!.applied).toBe(readMigrationFiles({ migrationsFolder }).length);
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });
});
