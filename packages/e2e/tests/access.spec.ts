/**
 * Roles and share links in the web app: a viewer sees no create actions; a watch link shows the
 * session without its controls, a control link with them.
 */
import { expect, test } from '@playwright/test';
import { createBuilding, officeBuilding, runTag, startSession } from './helpers.js';

test('a viewer sees no create actions; a watch link hides the controls, a control link shows them', async ({
  browser,
  page,
  request,
}) => {
  const name = `viewer-${runTag}`;
  const password = 'viewer password 1';
  const created = await request.post('/api/users', { data: { username: name, password, role: 'viewer' } });
  expect(created.status()).toBe(201);

  const building = await createBuilding(request, officeBuilding(`E2E Share ${runTag}`));
  const session = await startSession(request, building.id, 5);

  // The owner (admin) makes a watch link and a control link from the live view.
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId('access-right')).toHaveText('you can control');
  await page.getByTestId('share-right').selectOption('watch');
  await page.getByTestId('share').click();
  const watchUrl = (await page.getByTestId('share-url').textContent())!.trim();
  await page.getByTestId('share-right').selectOption('control');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).not.toHaveText(watchUrl);
  const controlUrl = (await page.getByTestId('share-url').textContent())!.trim();

  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const guest = await anonymous.newPage();
  await guest.goto(watchUrl);
  await expect(guest.getByTestId('connection')).toHaveText('connected');
  await expect(guest.getByTestId('access-right')).toHaveText('watch only');
  await expect(guest.getByTestId('pause')).toHaveCount(0);
  await guest.goto(controlUrl);
  await expect(guest.getByTestId('access-right')).toHaveText('you can control');
  await expect(guest.getByTestId('pause')).toBeVisible();

  // Revoked from the owner's list: the link opens nothing any more.
  await page.reload();
  await page.getByTestId('share-links').locator('summary').click();
  const revoke = page.getByTestId('share-links').getByRole('button', { name: 'Revoke' });
  await expect(revoke).toHaveCount(2);
  await revoke.first().click();
  await expect(revoke).toHaveCount(1);
  await revoke.first().click();
  await expect(revoke).toHaveCount(0);
  await guest.goto(watchUrl);
  await expect(guest.getByTestId('access-right')).toHaveCount(0);
  await anonymous.close();

  // A viewer: no "New building" etc., and the live view is watch-only.
  const viewerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await viewerContext.newPage();
  await viewer.goto('/login');
  await viewer.getByTestId('login-username').fill(name);
  await viewer.getByTestId('login-password').fill(password);
  await viewer.getByTestId('login-submit').click();
  await expect(viewer.getByTestId('current-user')).toContainText(`${name} viewer`);
  await expect(viewer.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(viewer.getByRole('link', { name: 'New building' })).toHaveCount(0);
  await expect(viewer.getByRole('link', { name: 'New session' })).toHaveCount(0);
  await expect(viewer.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await viewer.goto(`/sessions/${session.id}`);
  await expect(viewer.getByTestId('access-right')).toHaveText('watch only');
  await expect(viewer.getByTestId('pause')).toHaveCount(0);
  await viewerContext.close();
  await request.post(`/api/sessions/${session.id}/control`, { data: { type: 'stop' } });
});

test('an admin invites from the Users page; the link chooses a password and signs the person in', async ({
  browser,
  page,
}) => {
  const name = `invited-${runTag}`;
  await page.goto('/users');
  await page.getByTestId('new-user-name').fill(name);
  await page.getByTestId('new-user-role').selectOption('editor');
  await page.getByTestId('new-user-invite').check();
  await page.getByTestId('new-user-submit').click();
  const inviteUrl = (await page.getByTestId('invite-url').textContent())!.trim();
  await expect(page.getByTestId('users-table').locator(`[data-user="${name}"]`)).toBeVisible();

  const fresh = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: {},
  });
  const invited = await fresh.newPage();
  await invited.goto(inviteUrl);
  await invited.getByTestId('invite-password').fill('invited password 1');
  await invited.getByTestId('invite-confirm').fill('invited password 1');
  await invited.getByTestId('invite-submit').click();
  await expect(invited.getByTestId('current-user')).toContainText(name);
  await expect(invited.getByTestId('current-user')).toContainText('editor');
  await fresh.close();
});
