import { expect, test } from '@playwright/test';
import { createBuilding, officeBuilding, saveScreenshot, startSession } from './helpers.js';

test('the building editor fits a 390 px phone, floors table included', async ({ browser, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E Phone Editor', 10, 3));
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`/buildings/${building.id}`);
  await expect(page.getByTestId('building-name')).toHaveValue('E2E Phone Editor');
  // A mobile browser widens its layout viewport to the content: measure against the phone's 390 px.
  const width = await page.evaluate(() => ({
    inner: window.innerWidth,
    scroll: document.documentElement.scrollWidth,
  }));
  expect(width.inner).toBeLessThanOrEqual(390);
  expect(width.scroll).toBeLessThanOrEqual(390);
  // The last column (remove buttons) is on screen, not cut off.
  const box = await page.getByRole('button', { name: 'Remove floor 9' }).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await saveScreenshot(page, 'building-editor-phone');
  await phone.close();
});

test('after Stop the live view reads "stopped", offers no Pause, and the dashboard agrees', async ({
  page,
  request,
}) => {
  const building = await createBuilding(request, officeBuilding('E2E Stop Office', 8, 2));
  const session = await startSession(request, building.id, 5);
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId('session-status')).toHaveText('running');
  await expect(page.getByTestId('pause')).toBeEnabled();
  // Every speed is on offer, whatever the session was created at.
  await expect(page.getByTestId('speed').locator('option[value="1000"]')).toHaveCount(1);

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('session-status')).toHaveText('stopped', { timeout: 30_000 });
  await expect(page.getByTestId('pause')).toHaveCount(0);
  await expect(page.getByTestId('resume')).toBeDisabled();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.goto('/');
  const row = page.getByTestId('session-list').locator('li').filter({ hasText: 'E2E Stop Office' });
  await expect(row.locator('.badge').first()).toHaveText('stopped');
});

test('the registered calls follow the session, not the page load', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E Calls Office', 10, 1));
  const res = await request.post('/api/sessions', {
    data: {
      buildingId: building.id,
      speed: 1,
      // Nobody arrives on their own: only the calls registered below.
      traffic: { kind: 'passengers', passengers: [] },
    },
  });
  expect(res.ok()).toBe(true);
  const session = (await res.json()) as { id: string };
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId('connection')).toHaveText('connected');
  await expect(page.getByText('Registered calls')).toHaveCount(0);
  // Registered after the page loaded, while the session is paused: frames carry it to the viewer.
  const call = await request.post(`/api/sessions/${session.id}/control`, {
    data: { type: 'hallCall', floor: 7, direction: 'down' },
  });
  expect(call.ok(), await call.text()).toBe(true);
  await request.post(`/api/sessions/${session.id}/control`, { data: { type: 'step', seconds: 1 } });
  await expect(page.getByText(/Registered calls:.*7▼/)).toBeVisible();
});

test('unknown building and session ids show a not-found page with a way back', async ({ page }) => {
  const missing = '00000000-0000-4000-8000-000000000000';
  await page.goto(`/buildings/${missing}`);
  await expect(page.getByRole('heading', { name: 'Building not found' })).toBeVisible();
  await expect(page.getByTestId('save-building')).toHaveCount(0);
  await page.goto(`/sessions/${missing}`);
  await expect(page.getByRole('heading', { name: 'Session not found' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Start a new session' }).click();
  await expect(page).toHaveURL(/\/sessions\/new$/);
});
