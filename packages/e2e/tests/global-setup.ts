/**
 * Signs the suite in as an admin, through the real pages: on a fresh server the setup page (with the
 * server's SETUP_TOKEN) creates the admin; on a stack set up before, the login page signs in. The
 * cookie is saved as the storage state every test starts from, with the session's CSRF token.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type FullConfig } from '@playwright/test';
import { adminPassword, adminUser, authDir, csrfPath, setupToken, storageStatePath } from './auth-state.js';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const { baseURL, launchOptions } = config.projects[0]!.use;
  mkdirSync(authDir, { recursive: true });
  const browser = await chromium.launch(launchOptions);
  try {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const status = await (await context.request.get('/api/auth/status')).json();
    if (status.setupRequired) {
      await page.goto(`/setup?token=${encodeURIComponent(setupToken)}`);
      await page.getByTestId('setup-username').fill(adminUser);
      await page.getByTestId('setup-password').fill(adminPassword);
      await page.getByTestId('setup-confirm').fill(adminPassword);
      await page.getByTestId('setup-submit').click();
    } else {
      await page.goto('/login');
      await page.getByTestId('login-username').fill(adminUser);
      await page.getByTestId('login-password').fill(adminPassword);
      await page.getByTestId('login-submit').click();
    }
    await page.getByTestId('current-user').waitFor({ timeout: 30_000 });
    const signedIn = await (await context.request.get('/api/auth/status')).json();
    if (!signedIn.user || !signedIn.csrfToken)
      throw new Error(`global setup: not signed in: ${JSON.stringify(signedIn)}`);
    writeFileSync(csrfPath, signedIn.csrfToken);
    await context.storageState({ path: storageStatePath });
  } finally {
    await browser.close();
  }
}
