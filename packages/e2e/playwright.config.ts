/**
 * End-to-end tests against a running Hoistway stack. E2E_BASE_URL points at one; without it the built
 * backend (which serves the built web app) is started on a free port with a fresh temporary database.
 */
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const repoRoot = resolve(import.meta.dirname, '../..');
const port = Number(process.env.E2E_PORT ?? 5177);
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

export default defineConfig({
  testDir: './tests',
  outputDir: join(repoRoot, 'packages/e2e/test-results'),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 720 },
    launchOptions: chromiumLaunch,
    trace: 'retain-on-failure',
  },
  webServer: external
    ? undefined
    : {
        command: 'node packages/backend/dist/main.js',
        cwd: repoRoot,
        url: `${baseURL}/api/ready`,
        timeout: 60_000,
        reuseExistingServer: false,
        env: {
          PORT: String(port),
          HOST: '127.0.0.1',
          // In-memory PGlite: a fresh database per run, nothing left behind.
          DATA_DIR: 'memory://',
          LOG_LEVEL: 'warn',
          RATE_LIMIT_MAX: '0',
        },
      },
});
