/**
 * A fresh, migrated database per test file: on the PostgreSQL server of DATABASE_URL when set (a
 * new database each time, dropped afterwards), else on a Testcontainers PostgreSQL if that package is
 * installed and a Docker engine answers, else an in-memory PGlite.
 */
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/database.js';

export interface TestDatabase {
  database: Database;
  /** The URL of the fresh PostgreSQL database, when on a server. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * Testcontainers, when the package is installed and a Docker engine answers: one PostgreSQL container
 * for the whole test file. The module name is kept in a variable so the type-check does not need it.
 */
async function startContainer(): Promise<string | undefined> {
  if (!existsSync('/var/run/docker.sock') && !process.env.DOCKER_HOST) return undefined;
  const moduleName = '@testcontainers/postgresql';
  try {
    const { PostgreSqlContainer } = (await import(moduleName)) as {
      PostgreSqlContainer: new (image: string) => { start(): Promise<{ getConnectionUri(): string }> };
    };
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    return container.getConnectionUri();
  } catch {
    console.warn('Docker answers but @testcontainers/postgresql is not usable: testing on PGlite');
    return undefined;
  }
}

export const testServerUrl = process.env.DATABASE_URL || (await startContainer());
export const testDatabaseKind = testServerUrl ? 'postgres' : 'pglite';

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!testServerUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const name = `hoistway_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(testServerUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 5 });
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
