import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (see the "@hoistway/source" export condition).
// Vitest also hands these conditions to Node (`--conditions`) for externalised node_modules, so `import`
// must not be among them: Node's require() would then pick ESM entry points (ws → wrapper.mjs, which
// has no `Server`) and break socket.io. Vite applies import/require/default by itself.
const conditions = ['@hoistway/source', 'node'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // Starting embedded PGlite or a scratch database can take many seconds on a loaded CI machine.
    hookTimeout: 60_000,
  },
});
