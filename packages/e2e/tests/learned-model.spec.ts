import { expect, test } from '@playwright/test';
import { createBuilding, officeBuilding, runTag, saveScreenshot, simSeconds } from './helpers.js';

const dataset = `e2e-small-${runTag}`;
const model = `e2e-model-${runTag}`;

test('train a small model from the web app, see its training curve, and run a session with it', async ({
  page,
  request,
}) => {
  // Generating and training are real work: allow for a busy machine (the test waits on states, not time).
  test.setTimeout(240_000);
  const building = await createBuilding(request, officeBuilding('E2E Learned Office', 8, 3));
  await page.goto('/models');

  // A small dataset generated on the server, then a model trained on it.
  await page.getByTestId('generate-building').selectOption(building.id);
  await page.getByTestId('generate-name').fill(dataset);
  await page.getByTestId('generate-episodes').fill('2');
  await page.getByTestId('generate-duration').fill('600');
  await page.getByTestId('generate-start').click();
  await expect(page.getByTestId('train-dataset')).toContainText(dataset, { timeout: 120_000 });
  // Its episodes are jobs: the form follows them until the last one is stored.
  await expect(page.getByTestId('generate-start')).toHaveText('Generate', { timeout: 120_000 });

  await page.getByTestId('train-name').fill(model);
  await page.getByTestId('train-epochs').fill('4');
  await page.getByTestId('train-start').click();

  const detail = page.getByTestId('model-detail');
  await expect(detail).toContainText(`${model} v1`);
  await expect(page.getByTestId('model-status')).toContainText('ready', { timeout: 120_000 });
  await expect(page.getByTestId('training-curve').getByRole('img', { name: 'Training curve' })).toBeVisible();
  await expect(page.getByTestId('model-export')).toBeVisible();
  await saveScreenshot(page, 'models');

  // Evaluate it against the five heuristics from the page (a comparison run of jobs), then its chart.
  await expect(page.getByTestId('no-evaluation')).toBeVisible();
  await page.getByTestId('evaluate-building').selectOption(building.id);
  await page.getByTestId('evaluate-traffic').selectOption('lunch');
  await page.getByTestId('evaluate-seeds').fill('2');
  await page.getByTestId('evaluate-duration').fill('900');
  // Seeds of its training episodes (the dataset's seed 1000 on) are refused, on the field.
  await page.getByTestId('evaluate-seed-start').fill('1000');
  await page.getByTestId('evaluate-start').click();
  await expect(page.getByTestId('evaluate-form').getByRole('alert')).toContainText('trained');
  await expect(page.getByTestId('evaluate-seed-start')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('evaluate-seed-start').fill('5000');
  await page.getByTestId('evaluate-start').click();
  await expect(page.getByTestId('paired-difference')).toContainText('Paired AWT difference', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('model-evaluation')).toContainText('2 held-out seeds (5000..5001)');
  await expect(
    page.getByTestId('model-evaluation').getByRole('img', { name: /Mean AWT per dispatcher/ }),
  ).toBeVisible();
  await page.getByTestId('paired-difference').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'model-evaluation');

  // The model is offered wherever a dispatcher is chosen: start a live session with it.
  await page.goto(`/sessions/new?building=${building.id}`);
  await page.getByTestId('session-dispatcher').selectOption(`learned:${model}@1`);
  await page.getByTestId('session-speed').fill('20');
  await page.getByTestId('start-session').click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('connection')).toHaveText('connected');
  const start = await simSeconds(page);
  await expect.poll(() => simSeconds(page)).toBeGreaterThan(start + 5);
  const id = page.url().split('/').at(-1)!;
  const session = await (await request.get(`/api/sessions/${id}`)).json();
  expect(session.dispatcher).toBe('learned');
  expect(session.config.dispatcher.model).toBe(`${model}@1`);
});
