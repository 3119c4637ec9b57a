/**
 * `@hoistway/shared-types/db`: the Drizzle schema and the folder of its SQL migrations.
 * Kept out of the main entry so browser bundles never pull drizzle-orm.
 */
import { fileURLToPath } from 'node:url';

export * from './schema.js';

/** Absolute path of the committed drizzle-kit migrations (same from `src/db/` and `dist/db/`). */
export const migrationsFolder: string = fileURLToPath(new URL('../../drizzle', import.meta.url));
