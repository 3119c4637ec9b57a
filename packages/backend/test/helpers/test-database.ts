/**
 * A fresh, migrated database per test file: on the PostgreSQL server of DATABASE_URL when set (a
 * new database each time, dropped afterwards), else on a Testcontainers PostgreSQL if that package is
 * installed and a Docker engine answers, else an in-memory PGlite.
 */
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';

export interface TestDatabase {
  database: Database;
  /** The URL of the fresh PostgreSQL database, when on a server. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * Testcontainers, when a Docker engine answers: one PostgreSQL container for the whole test file, removed
 * after it. The image comes from POSTGRES_IMAGE (a local stand-in where no registry is reachable).
 * HOISTWAY_TESTCONTAINERS=0 skips it (PGlite instead).
 */
async function startContainer(): Promise<string | undefined> {
  if (process.env.HOISTWAY_TESTCONTAINERS === '0') return undefined;
  if (!existsSync('/var/run/docker.sock') && !process.env.DOCKER_HOST) return undefined;
  // Ryuk (the reaper container) cannot be pulled without a registry; the container is stopped below.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const image = process.env.POSTGRES_IMAGE ?? 'postgres:15-bookworm';
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(image)
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off'])
      .withStartupTimeout(120_000)
      .start();
    afterAll(() => container.stop({ remove: true }), 60_000);
    return container.getConnectionUri();
  } catch (error) {
    console.warn(
      `Docker answers but no PostgreSQL container (${image}) started: testing on PGlite\n${error}`,
    );
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
