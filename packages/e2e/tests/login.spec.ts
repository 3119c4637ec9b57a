/** The real sign-in flow: a visitor without a session is sent to the login page and back. */
import { expect, test } from '@playwright/test';
import { adminPassword, adminUser } from './auth-state.js';

// A fresh browser: no cookie, and not the suite's CSRF header (this session gets its own token).
test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: {} });

test('sign in, see who you are, sign out; setup is closed once an admin exists', async ({ page }) => {
  await page.goto('/history');
  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)history/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.getByTestId('login-username').fill(adminUser);
  await page.getByTestId('login-password').fill('not the password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('alert')).toContainText('wrong username or password');

  await page.getByTestId('login-password').fill(adminPassword);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByTestId('current-user')).toContainText(adminUser);
  await expect(page.getByTestId('current-user')).toContainText('admin');

  // The setup page is only for a server without accounts.
  await page.goto('/setup?token=anything');
  await expect(page).not.toHaveURL(/\/setup/);
  const setup = await page.request.post('/api/auth/setup', {
    data: { token: 'anything', username: 'intruder', password: 'long enough password' },
  });
  expect(setup.status()).toBe(409);

  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get('/api/buildings')).status()).toBe(401);
});
