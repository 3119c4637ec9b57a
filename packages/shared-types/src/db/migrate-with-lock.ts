/**
 * The one way Hoistway applies its Drizzle migrations to PostgreSQL, shared by the backend and the
 * simulator's `generate`: under a session-level advisory lock, so migrators that start together (the
 * services of a compose stack on a fresh database) run one after the other; the later one then finds
 * every migration applied and does nothing.
 */
import { MIGRATION_LOCK_KEY, migrationsFolder } from './index.js';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type postgres from 'postgres';

/**
 * Applies every pending migration on `client`, which must be a single-connection client (`max: 1`):
 * an advisory lock belongs to one session, so the lock and the migration have to share it.
 * Closing the client is the caller's job; the lock is released either way.
 */
export async function migrateWithLock(client: postgres.Sql): Promise<void> {
  if (client.options.max !== 1)
    throw new Error(
      `migrateWithLock needs a single-connection client (max: 1), got max: ${client.options.max}`,
    );
  await client`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  }
}
