import { expect, test } from '@playwright/test';
import { saveScreenshot } from './helpers.js';

test('create a building in the editor, with the up-peak figures following the edits', async ({ page }) => {
  await page.goto('/buildings/new');
  await expect(page.getByRole('heading', { name: 'New building' })).toBeVisible();
  await page.getByTestId('building-name').fill('E2E Office');

  const interval = page.getByTestId('uppeak-interval').first();
  await expect(interval).not.toHaveText('—');
  const before = Number(await interval.textContent());
  await page.getByTestId('group-0-count').fill('6');
  await expect.poll(async () => Number(await interval.textContent())).toBeLessThan(before);

  // Bulk-add five floors; the elevation drawing and the floors table follow.
  await page.getByRole('button', { name: 'Add floors on top' }).click();
  await expect(page.getByRole('heading', { name: 'Floors (15)' })).toBeVisible();
  await expect(page.getByRole('img', { name: /Side elevation: 15 floors/ })).toBeVisible();
  await page.getByTestId('group-0-served').fill('0-14');

  await page.getByTestId('save-building').click();
  await expect(page).toHaveURL(/\/buildings\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Saved as version 1.')).toBeVisible();
  await saveScreenshot(page, 'building-editor');
});

test('an invalid field shows its error next to it and blocks saving', async ({ page }) => {
  await page.goto('/buildings/new');
  const height = page.getByTestId('floor-2-height');
  await height.fill('-1');
  await expect(height).toHaveAttribute('aria-invalid', 'true');
  const errorId = await height.getAttribute('aria-describedby');
  await expect(page.locator(`#${errorId}`)).toHaveText('must be > 0');

  await page.getByTestId('group-0-speed').fill('');
  await expect(page.getByText('must be a number')).toBeVisible();

  await page.getByTestId('save-building').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix the 2 highlighted fields' })).toBeVisible();
  await expect(page).toHaveURL(/\/buildings\/new$/);
  await expect(page.getByText('Fix the highlighted fields to see the figures.')).toBeVisible();
});
