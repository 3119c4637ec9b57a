import { expect, test } from '@playwright/test';
import { createBuilding, finishedSession, officeBuilding, runTag, saveScreenshot } from './helpers.js';

const name = `E2E History Office ${runTag}`;

test('building history: a field diff between versions, restore, duplicate, archive and delete', async ({
  page,
  request,
}) => {
  const v1 = officeBuilding(name, 8, 2);
  const building = await createBuilding(request, v1);
  const v2 = officeBuilding(name, 8, 2);
  v2.groups[0]!.cars[1]!.speed = 3.5;
  v2.floors[3]!.population = 120;
  const put = await request.put(`/api/buildings/${building.id}`, { data: v2 });
  expect(put.ok()).toBe(true);

  // From the editor.
  await page.goto(`/buildings/${building.id}`);
  // Once the building has loaded (a click while the draft is still being replaced asks to leave).
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByTestId('history-link').click();
  await expect(page).toHaveURL(new RegExp(`/buildings/${building.id}/history$`));
  await expect(page.getByRole('heading', { name: `History of ${name}` })).toBeVisible();

  // v1 → v2: exactly the two edited fields, named readably, before and after.
  const diff = page.getByTestId('diff-table');
  await expect(diff.locator('tbody tr')).toHaveCount(2);
  const speed = diff.locator('tr[data-path="groups[0].cars[1].speed"]');
  await expect(speed.locator('th')).toContainText('group "A" › car "A2" › speed');
  await expect(speed.locator('td.before')).toHaveText('2.5');
  await expect(speed.locator('td.after')).toHaveText('3.5');
  await expect(diff.locator('tr[data-path="floors[3].population"] td.after')).toHaveText('120');
  await saveScreenshot(page, 'building-history');

  // Restore v1: a new version 3 equal to version 1.
  await page.getByTestId('restore-1').click();
  await expect(page.getByTestId('history-notice')).toHaveText('Version 1 restored as version 3.');
  await expect(page.getByTestId('version-3')).toContainText('current');
  await page.getByTestId('diff-from').selectOption('1');
  await page.getByTestId('diff-to').selectOption('3');
  await expect(page.getByTestId('diff-empty')).toBeVisible();
  const current = await (await request.get(`/api/buildings/${building.id}`)).json();
  expect(current.currentVersion).toBe(3);
  expect(current.definition.groups[0].cars[1].speed).toBe(2.5);

  // Archive hides it from the dashboard; unarchive brings it back.
  await page.getByTestId('archive').click();
  await expect(page.getByTestId('archived-badge')).toBeVisible();
  await page.goto('/');
  // Wait for the buildings panel to load (a list, or its empty text when nothing else is there).
  const buildings = page.getByRole('region', { name: 'Buildings' });
  await expect(
    buildings.getByTestId('building-list').or(buildings.getByText('No buildings yet')),
  ).toBeVisible();
  await expect(buildings.getByRole('link', { name })).toHaveCount(0);
  await page.goto(`/buildings/${building.id}/history`);
  await page.getByTestId('archive').click();
  await expect(page.getByTestId('archived-badge')).toBeHidden();

  // Duplicate opens the copy in the editor.
  await page.getByTestId('duplicate').click();
  await expect(page).toHaveURL(/\/buildings\/[0-9a-f-]{36}$/);
  expect(page.url()).not.toContain(building.id);
  await expect(page.getByRole('heading', { name: `${name} (copy)` })).toBeVisible();

  // Delete the copy (unused) after confirming; it is gone from the history page.
  const copyId = page.url().split('/').pop()!;
  await page.goto(`/buildings/${copyId}/history`);
  await page.getByTestId('delete-building').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page).toHaveURL(/\/history$/);
  await expect(page.getByTestId('history-buildings')).toContainText(name);
  await expect(page.getByTestId('history-buildings')).not.toContainText(`${name} (copy)`);
  expect((await request.get(`/api/buildings/${copyId}`)).status()).toBe(404);
});

test('a building in use cannot be deleted (the reason is shown); sessions are deleted from History', async ({
  page,
  request,
}) => {
  const building = await createBuilding(request, officeBuilding('E2E Used Office', 6, 2));
  const session = await finishedSession(request, building.id, { duration: 600, warmUp: 60 });
  await page.goto(`/buildings/${building.id}/history`);
  await page.getByTestId('delete-building').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByRole('alert')).toContainText('archive it instead');

  await page.goto('/history');
  const row = page.getByTestId(`history-session-${session.id}`);
  await expect(row).toBeVisible();
  await row.getByTestId('delete-session').click();
  await row.getByTestId('confirm-delete').click();
  await expect(page.getByTestId(`history-session-${session.id}`)).toHaveCount(0);
  expect((await request.get(`/api/sessions/${session.id}`)).status()).toBe(404);
});
