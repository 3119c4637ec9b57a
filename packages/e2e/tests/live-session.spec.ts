import { expect, test } from '@playwright/test';
import {
  carPositions,
  createBuilding,
  officeBuilding,
  saveScreenshot,
  simSeconds,
  startSession,
} from './helpers.js';

test('start a session from the form and watch the cars move', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E Live Office'));
  await page.goto(`/sessions/new?building=${building.id}`);
  await expect(page.getByRole('img', { name: 'Arrival profile chart' })).toBeVisible();
  await page.getByTestId('session-speed').fill('20');
  await saveScreenshot(page, 'new-session');
  await page.getByTestId('start-session').click();

  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('connection')).toHaveText('connected');
  const start = await simSeconds(page);
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(start + 5);
  // Cars leave the lobby: some car's rendered position changes.
  const first = await carPositions(page);
  await expect.poll(() => carPositions(page), { timeout: 30_000 }).not.toBe(first);
  await expect.poll(() => simSeconds(page), { timeout: 30_000 }).toBeGreaterThan(330);
  await saveScreenshot(page, 'live-session');
});

test('pause, resume, change speed, and a second viewer sees the same sim clock', async ({
  browser,
  request,
}) => {
  const building = await createBuilding(request, officeBuilding('E2E Shared Office'));
  const session = await startSession(request, building.id, 10);

  const alice = await browser.newContext();
  const bob = await browser.newContext();
  const a = await alice.newPage();
  const b = await bob.newPage();
  await a.goto(`/sessions/${session.id}`);
  await expect(a.getByTestId('connection')).toHaveText('connected');
  const t0 = await simSeconds(a);
  await expect.poll(() => simSeconds(a)).toBeGreaterThan(t0 + 2);

  // Pause: the clock stops and the server agrees.
  await a.getByTestId('pause').click();
  await expect(a.getByTestId('session-status')).toHaveText('paused');
  await expect(a.getByTestId('resume')).toBeVisible();
  const state = await (await request.get(`/api/sessions/${session.id}`)).json();
  expect(state.status).toBe('paused');

  // The second viewer joins the paused session and shows exactly the same sim clock.
  await b.goto(`/sessions/${session.id}`);
  await expect(b.getByTestId('connection')).toHaveText('connected');
  await expect(b.getByTestId('session-status')).toHaveText('paused');
  await expect
    .poll(async () => (await b.getByTestId('sim-clock').textContent()) ?? '')
    .toBe((await a.getByTestId('sim-clock').textContent()) ?? '');

  // Speed change from the second viewer reaches the first.
  await b.getByTestId('speed').selectOption('50');
  await expect(a.getByTestId('speed')).toHaveValue('50');

  // Resume: both clocks move on, at the new speed.
  const paused = await simSeconds(a);
  await a.getByTestId('resume').click();
  await expect(a.getByTestId('session-status')).toHaveText('running');
  await expect.poll(() => simSeconds(a)).toBeGreaterThan(paused + 20);
  await expect.poll(() => simSeconds(b)).toBeGreaterThan(paused + 20);
  // Pause again and compare: the same clock in both views.
  await b.getByTestId('pause').click();
  await expect(a.getByTestId('session-status')).toHaveText('paused');
  await expect
    .poll(
      async () =>
        (await a.getByTestId('sim-clock').textContent()) === (await b.getByTestId('sim-clock').textContent()),
    )
    .toBe(true);

  // Inject a passenger: the command reaches the server's log.
  await a.getByRole('form', { name: 'Inject a passenger' }).getByLabel('To').selectOption({ label: '5' });
  await a.getByRole('button', { name: 'Add', exact: true }).click();
  await expect
    .poll(async () => (await (await request.get(`/api/sessions/${session.id}`)).json()).commandLog.length)
    .toBeGreaterThan(0);

  // Step while paused advances the clock by the step.
  const beforeStep = await simSeconds(a);
  await a.getByTestId('step').click();
  await expect.poll(() => simSeconds(b)).toBeGreaterThanOrEqual(beforeStep + 4);

  await alice.close();
  await bob.close();
});

test('the live view fits a 390 px phone', async ({ browser, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E Phone Office', 10, 3));
  const session = await startSession(request, building.id, 10);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`/sessions/${session.id}`);
  await expect(page.getByTestId('connection')).toHaveText('connected');
  await expect(page.getByTestId('shaft-canvas')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await saveScreenshot(page, 'live-session-phone');
  await phone.close();
});

test('the dashboard marks live sessions and lets you join them', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E Dashboard Office', 8, 2));
  const session = await startSession(request, building.id, 5);
  await page.goto('/');
  await expect(page.getByTestId('building-list')).toContainText('E2E Dashboard Office');
  const row = page
    .getByTestId('session-list')
    .getByRole('listitem')
    // By the session's own link: on a long-lived stack, other runs may have used the same building name.
    .filter({ has: page.locator(`a[href="/sessions/${session.id}"]`) });
  await expect(row.locator('.badge')).toHaveText('running');
  await saveScreenshot(page, 'dashboard');
  await row.getByRole('link', { name: 'Join' }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}$`));
  await expect(page.getByTestId('connection')).toHaveText('connected');
});
