/**
 * The database handle: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise an
 * embedded PGlite in DATA_DIR. Both run the same drizzle-kit migrations at open.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { migrationsFolder } from '@hoistway/shared-types/db';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrateWithLock } from '@hoistway/shared-types/db';
import postgres from 'postgres';

export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /**
   * Where the job queue (pg-boss) connects: its own pool on the server, or this very PGlite instance
   * (one connection, shared in-process).
   */
  readonly jobConnection: { connectionString: string } | { pglite: PGlite };
  /** Raw SQL text with `$n` parameters returning rows (the job consumer's store). */
  query(text: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  /** Raw SQL returning rows, the same shape on both drivers. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /**
   * Compiles SQL with `sql.placeholder(name)` parameters once; each call only binds values. For hot
   * queries, where rebuilding the SQL text on every request would cost more than running it.
   */
  prepare<T extends Record<string, unknown>>(query: SQL): (values: Record<string, unknown>) => Promise<T[]>;
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

// Silence NOTICEs such as "schema drizzle already exists" on repeated migrations. Timestamps are
// rendered in UTC whatever the server's default time zone (JSON output, cursors).
const clientOptions = { onnotice: () => {}, connection: { TimeZone: 'UTC' } };
const dialect = new PgDialect();

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Migrations run on their own single connection, closed before the pool starts serving, under the
  // lock every migrator takes (another backend or a `generate` may be migrating the same database).
  const migrationClient = postgres(url, { max: 1, ...clientOptions });
  try {
    await migrateWithLock(migrationClient);
  } finally {
    await migrationClient.end();
  }
  const client = postgres(url, { max: poolSize, ...clientOptions });
  // Named prepared statements: raw queries are planned once per connection (db.execute does not).
  const run = async <T>(text: string, params: unknown[]) => [
    ...(await client.unsafe<T[]>(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })),
  ];
  return {
    kind: 'postgres',
    db: drizzlePostgres(client) as unknown as Db,
    jobConnection: { connectionString: url },
    query: (text, params) => run(text, params),
    ...rawQueries(run),
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  await client.exec(`set time zone 'UTC'`);
  const db = drizzlePglite(client);
  await migratePglite(db, { migrationsFolder });
  const run = async <T>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows;
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    jobConnection: { pglite: client },
    query: (text, params) => run(text, params),
    ...rawQueries(run),
    close: () => client.close(),
  };
}

function rawQueries(run: <T>(text: string, params: unknown[]) => Promise<T[]>) {
  const rows = <T extends Record<string, unknown>>(query: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return run<T>(text, params);
  };
  return {
    rows,
    prepare: <T extends Record<string, unknown>>(query: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (values: Record<string, unknown>) => run<T>(text, fillPlaceholders(params, values));
    },
    isReady: () => checkReady(rows),
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
