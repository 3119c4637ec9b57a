import { expect, test } from '@playwright/test';
import { createBuilding, officeBuilding, saveScreenshot } from './helpers.js';

test('run a comparison to completion and read its table', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E Compare Office', 10, 3));
  await page.goto(`/runs/new?building=${building.id}`);
  await page.getByTestId('run-building').selectOption(building.id);
  await page.getByTestId('run-dispatcher-eta').uncheck();
  await page.getByTestId('run-seeds').fill('1-3');
  await page.getByTestId('run-duration').fill('1200');
  await page.getByTestId('run-warmup').fill('300');
  await expect(page.getByTestId('start-run')).toHaveText('Run 6 simulations');
  await page.getByTestId('start-run').click();

  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 90_000 });
  await expect(page.getByTestId('run-progress')).toHaveText('6 / 6 simulations');
  const table = page.getByTestId('results-table');
  await expect(table.getByRole('columnheader', { name: 'collective' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'nearest' })).toBeVisible();
  const awtRow = table.getByRole('row', { name: /^AWT/ });
  const cells = await awtRow.getByRole('cell').allTextContents();
  expect(cells).toHaveLength(2);
  for (const cell of cells) expect(cell).toMatch(/^\s*\d+\.\d\s*\[\d+\.\d, \d+\.\d\]/);
  // Pooled wait distribution (CDF + quantiles) and AWT per 5 minutes, one line/row per dispatcher.
  await expect(page.getByTestId('distribution-charts').locator('canvas')).toHaveCount(2);
  const quantileRows = page.getByTestId('wait-quantiles').locator('tbody tr');
  await expect(quantileRows).toHaveCount(2);
  await expect(quantileRows.first()).toContainText(/collective|nearest/);
  await saveScreenshot(page, 'comparison', true);
});

test('datasets and a bad run request show their states', async ({ page }) => {
  await page.goto('/datasets');
  await expect(page.getByRole('heading', { name: 'Datasets', level: 1 })).toBeVisible();
  await expect(page.getByText(/No datasets yet|rows/).first()).toBeVisible();
  await saveScreenshot(page, 'datasets');

  await page.goto('/runs/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert')).toContainText('not found');
});
