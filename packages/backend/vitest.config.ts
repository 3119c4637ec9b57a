import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (see the "@hoistway/source" export condition).
const conditions = ['@hoistway/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
