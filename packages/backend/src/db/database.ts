/**
 * The database handle: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise an
 * embedded PGlite in DATA_DIR. Both run the same drizzle-kit migrations at open.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { migrationsFolder } from '@hoistway/shared-types/db';
import { sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /** Raw SQL returning rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** True when the database answers and every committed migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir: string;
  /** Connections in the postgres.js pool. */
  poolSize?: number;
}

// Silence NOTICEs such as "schema drizzle already exists" on repeated migrations.
const quiet = { onnotice: () => {} };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Migrations run on their own single connection, closed before the pool starts serving.
  const migrationClient = postgres(url, { max: 1, ...quiet });
  try {
    await migratePostgres(drizzlePostgres(migrationClient), { migrationsFolder });
  } finally {
    await migrationClient.end();
  }
  const client = postgres(url, { max: poolSize, ...quiet });
  const db = drizzlePostgres(client) as unknown as Db;
  const rows = async <T extends Record<string, unknown>>(query: SQL) => [
    ...((await db.execute(query)) as unknown as T[]),
  ];
  return {
    kind: 'postgres',
    db,
    rows,
    isReady: () => checkReady(rows),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  const pglite = drizzlePglite(client);
  await migratePglite(pglite, { migrationsFolder });
  const db = pglite as unknown as Db;
  const rows = async <T extends Record<string, unknown>>(query: SQL) =>
    ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  return {
    kind: 'pglite',
    db,
    rows,
    isReady: () => checkReady(rows),
    close: () => client.close(),
  };
}

const latestMigrationMillis = Math.max(
  0,
  ...readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis),
);

async function checkReady(rows: Database['rows']): Promise<boolean> {
  try {
    const [row] = await rows<{ latest: string | number | null }>(
      sql`select max(created_at) as latest from drizzle.__drizzle_migrations`,
    );
    return Number(row?.latest ?? 0) >= latestMigrationMillis;
  } catch {
    return false;
  }
}
