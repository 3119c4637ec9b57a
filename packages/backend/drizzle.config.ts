import { defineConfig } from 'drizzle-kit';

// The schema lives in shared-types (the simulator's `generate` command writes the same tables);
// migrations are generated next to it and applied by the backend at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: '../shared-types/src/db/schema.ts',
  out: '../shared-types/drizzle',
});
