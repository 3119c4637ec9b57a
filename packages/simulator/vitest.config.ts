import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources (see the "@hoistway/source" export condition).
const conditions = ['@hoistway/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  // Vitest also passes the SSR conditions to Node (--conditions) for what it leaves to Node: without
  // `import` there, so that require() inside CommonJS packages (TensorFlow.js → long) still gets
  // CommonJS (vite adds `import` for imports by itself).
  ssr: {
    resolve: {
      conditions: conditions.filter((c) => c !== 'import'),
      externalConditions: conditions.filter((c) => c !== 'import'),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
