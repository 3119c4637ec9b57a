/**
 * `@hoistway/shared-types/db`: the Drizzle schema and the folder of its SQL migrations.
 * Kept out of the main entry so browser bundles never pull drizzle-orm.
 */
import { fileURLToPath } from 'node:url';

export * from './schema.js';

/** Absolute path of the committed drizzle-kit migrations (same from `src/db/` and `dist/db/`). */
export const migrationsFolder: string = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Key of the session-level `pg_advisory_lock` every migrator takes (backend at start-up, the simulator's
 * `generate`), so two of them starting at once on a fresh database run one after the other.
 */
export const MIGRATION_LOCK_KEY = 0x486f6973; // "Hois"

// The one way migrations are applied (backend start-up, the simulator's `generate`), next to the lock
// key and the schema it guards.
export { migrateWithLock } from './migrate-with-lock.js';
