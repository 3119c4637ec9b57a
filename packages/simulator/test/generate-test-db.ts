/**
 * A throw-away PostgreSQL database per test file: on DATABASE_URL if set, else the local server
 * (127.0.0.1:5432, trust auth). When neither answers, `available` is false and `reason` says why, so
 * the suites skip visibly instead of failing.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probe(url: string): Promise<string | null> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const probeError = await probe(serverUrl);
export const available = probeError === null;
export const reason = `no PostgreSQL server answers at ${serverUrl.replace(/:[^:@/]*@/, '@')} (${probeError}); set DATABASE_URL to run the generate integration tests`;
if (!available) console.warn(`SKIPPED: ${reason}`);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates a fresh database; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${process.env.TEST_DB_PREFIX ?? 'gen_test'}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
