/**
 * End-to-end tests against a running Hoistway stack. E2E_BASE_URL points at one; without it the built
 * backend (which serves the built web app) is started on a free port with a fresh temporary database.
 */
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { chromium, defineConfig } from '@playwright/test';
import { authHeaders, setupToken, storageStatePath } from './tests/auth-state.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const port = Number(process.env.E2E_PORT ?? 5177);
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

/**
 * The browser: CHROMIUM_PATH when set; else Playwright's own Chromium when it is installed; else a
 * Chromium found on PATH (where browsers cannot be downloaded, a distribution's package).
 */
function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(chromium.executablePath())) return undefined;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome'])
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

export const chromiumLaunch = {
  executablePath: chromiumExecutable(),
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
  // Creates (or signs in as) the admin through the setup or login page; every test starts signed in.
  globalSetup: './tests/global-setup.ts',
  use: {
    baseURL,
    storageState: storageStatePath,
    // Written by the global setup before the workers load this file: API calls need the CSRF token.
    extraHTTPHeaders: authHeaders(),
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
          // In-memory PGlite: a fresh database per run, nothing left behind. DATABASE_URL is blanked
          // because CI exports one for the integration tests, and a server on it would see earlier runs.
          DATABASE_URL: '',
          DATA_DIR: 'memory://',
          LOG_LEVEL: 'warn',
          RATE_LIMIT_MAX: '0',
          // Login mode, as shipped: the global setup creates the first admin with this token.
          AUTH_MODE: 'login',
          SETUP_TOKEN: setupToken,
        },
      },
});
