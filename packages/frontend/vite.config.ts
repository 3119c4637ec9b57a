import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const conditions = ['@hoistway/source', 'import', 'module', 'browser', 'default'];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  resolve: { conditions },
  server: {
    port: 5173,
    // In development the backend runs separately (`nx serve backend`); proxy like nginx does in production.
    proxy: {
      '/api': 'http://localhost:5007',
      '/socket.io': { target: 'http://localhost:5007', ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  // The playground's Web Worker is an ES module (it shares chunks with the app).
  worker: { format: 'es' },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/pinia-setup.ts'],
  },
});
