import { expect, test, type Page } from '@playwright/test';
import { createBuilding, officeBuilding, saveScreenshot } from './helpers.js';

/** Replaces the editor's text (insertText types it at once, without auto-closed brackets). */
async function setScript(page: Page, text: string) {
  const content = page.getByTestId('playground-editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const nearestScript = [
  "export const name = 'closest car';",
  'export default function choose(ctx) {',
  '  let best = 0;',
  '  for (let i = 1; i < ctx.candidates.length; i++) {',
  '    const d = (c) => Math.abs(c.car.stopFloor - ctx.call.floor);',
  '    if (d(ctx.candidates[i]) < d(ctx.candidates[best])) best = i;',
  '  }',
  '  return best;',
  '}',
].join('\n');

test('write a dispatcher, run it live, compare it with eta over seeds, save and share it', async ({
  page,
  browser,
}) => {
  // A live run, a goal run and six simulations in the browser: generous on a loaded machine.
  test.setTimeout(240_000);
  const building = await createBuilding(page.request, officeBuilding('E2E Playground Office', 10, 3));
  await page.goto(`/playground?building=${building.id}`);
  await expect(page.getByRole('heading', { name: 'Dispatcher playground', level: 1 })).toBeVisible();
  await page.getByTestId('playground-building').selectOption(building.id);
  await page.getByTestId('playground-reference').locator('summary').click();
  await expect(page.getByTestId('playground-reference')).toContainText('interface DecisionContext');

  await setScript(page, nearestScript);
  await page.getByTestId('playground-template').selectOption('lunch');
  await page.getByTestId('playground-intensity').fill('10');
  await page.getByTestId('playground-duration').fill('900');
  await page.getByTestId('playground-warmup').fill('120');
  await page.getByTestId('playground-speed').selectOption('max');
  await page.getByTestId('playground-run').click();
  await expect(page.getByTestId('playground-finished')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('playground-clock')).toContainText('0:15:00 / 0:15:00');
  await expect(page.getByTestId('kpi-awt')).toContainText(/\d+\.\d/);
  await expect(page.locator('canvas').first()).toBeVisible();

  // A built-in goal: its traffic and length are set, and the finished run is judged.
  await page.getByTestId('playground-goal').selectOption('morning-100');
  await expect(page.getByTestId('playground-duration')).toHaveValue('300');
  await page.getByTestId('playground-run').click();
  await expect(page.getByTestId('playground-goal-verdict')).toContainText(/Goal (passed|failed)/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('playground-goal-verdict')).toContainText('delivered ≥ 100');
  await page.getByTestId('playground-goal').selectOption('');
  await page.getByTestId('playground-template').selectOption('lunch');
  await page.getByTestId('playground-intensity').fill('10');
  await page.getByTestId('playground-duration').fill('900');
  await page.getByTestId('playground-warmup').fill('120');

  // Compare with eta over three seeds: the same table and charts as a server comparison.
  await expect(page.getByTestId('playground-builtin-eta')).toBeChecked();
  await page.getByTestId('playground-seeds').fill('1-3');
  await page.getByTestId('playground-compare').click();
  await expect(page.getByTestId('playground-progress')).toHaveText('6 / 6', { timeout: 180_000 });
  const table = page.getByTestId('results-table');
  await expect(table.getByRole('columnheader', { name: 'closest car' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'eta' })).toBeVisible();
  const cells = await table.getByRole('row', { name: /^AWT/ }).getByRole('cell').allTextContents();
  expect(cells).toHaveLength(2);
  for (const cell of cells) expect(cell).toMatch(/^\s*\d+\.\d\s*\[\d+\.\d, \d+\.\d\]/);
  await expect(page.getByTestId('distribution-charts').locator('canvas')).toHaveCount(2);
  await saveScreenshot(page, 'playground', true);

  // Save and share: the link opens the script read-only until copied.
  await page.getByTestId('playground-name').fill('Closest car');
  await page.getByTestId('playground-save').click();
  await expect(page).toHaveURL(/\/playground\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('playground-saved')).toContainText('Closest car');
  const link = await page.getByTestId('playground-share-link').getAttribute('href');
  expect(link).toMatch(/\/playground\/[0-9a-f-]{36}$/);
  const other = await browser.newPage();
  await other.goto(link!);
  await expect(other.getByTestId('playground-readonly')).toBeVisible();
  await expect(other.getByTestId('playground-editor')).toContainText("export const name = 'closest car';");
  await expect(other.getByTestId('playground-editor').locator('.cm-content')).toHaveAttribute(
    'contenteditable',
    'false',
  );
  await expect(other.getByRole('button', { name: 'Delete Closest car' })).toHaveCount(0);
  await other.getByTestId('playground-copy').click();
  await expect(other).toHaveURL(/\/playground$/);
  await expect(other.getByTestId('playground-editor').locator('.cm-content')).toHaveAttribute(
    'contenteditable',
    'true',
  );
  await expect(other.getByTestId('playground-name')).toHaveValue('Copy of Closest car');
  await other.close();

  // Scripts saved from this browser can be deleted; the open one stays as an unsaved draft.
  await page.getByRole('button', { name: 'Delete Closest car' }).click();
  await expect(page.getByRole('button', { name: 'Delete Closest car' })).toHaveCount(0);
  // (By id: a stack with a persistent database may list scripts of earlier runs under the same name.)
  await expect(
    page.getByTestId('playground-saved').locator(`a[href="${new URL(link!).pathname}"]`),
  ).toHaveCount(0);
  await expect(page).toHaveURL(/\/playground$/);
  await expect(page.getByTestId('playground-save')).toHaveText('Save and share');
});

test('errors in user code show their line and never freeze the page', async ({ page }) => {
  test.setTimeout(180_000);
  const building = await createBuilding(page.request, officeBuilding('E2E Playground Errors', 8, 2));
  await page.goto(`/playground?building=${building.id}`);
  await page.getByTestId('playground-building').selectOption(building.id);
  await page.getByTestId('playground-speed').selectOption('max');
  await page.getByTestId('playground-duration').fill('600');

  await setScript(
    page,
    'export default function choose(ctx) {\n  const n = ctx.candidates.length;\n  return n + 3;\n}',
  );
  await page.getByTestId('playground-run').click();
  await expect(page.getByTestId('playground-error')).toContainText('invalid choice', { timeout: 30_000 });
  await expect(page.getByTestId('playground-error-line')).toHaveText('on line 3');

  await setScript(
    page,
    'export default function choose(ctx) {\n  const car = ctx.candidates[0].car;\n  return car.nothing.here;\n}',
  );
  await page.getByTestId('playground-run').click();
  await expect(page.getByTestId('playground-error')).toContainText('TypeError', { timeout: 30_000 });
  await expect(page.getByTestId('playground-error-line')).toHaveText('on line 3');

  // An endless loop: the loop guard stops it with its line, the page stays responsive meanwhile.
  await setScript(page, 'export default function choose(ctx) {\n  let i = 0;\n  while (true) { i++; }\n}');
  await page.getByTestId('playground-run').click();
  await page.getByTestId('playground-reference').locator('summary').click();
  await expect(page.getByTestId('playground-reference').locator('pre')).toBeVisible();
  await expect(page.getByTestId('playground-error')).toContainText('did not return in time', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('playground-error-line')).toHaveText('on line 3');
  await saveScreenshot(page, 'playground-error');
});
