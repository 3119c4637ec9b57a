import { expect, test, type Page } from '@playwright/test';
import { createBuilding, officeBuilding, saveScreenshot } from './helpers.js';

// Sessions on custom traffic chosen in the web app: an origin–destination matrix and an uploaded
// passenger list, both run by the backend until passengers are delivered.

async function delivered(page: Page): Promise<number> {
  const text = (await page.getByTestId('kpi-delivered').textContent()) ?? '';
  return Number(/(\d[\d,]*)/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
}

async function startAndWatch(page: Page, kind: 'od' | 'passengers') {
  await page.getByTestId('session-speed').fill('50');
  await page.getByTestId('start-session').click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('session-status')).toHaveText('running');
  await expect.poll(() => delivered(page), { timeout: 45_000 }).toBeGreaterThan(0);
  const id = page.url().split('/').pop();
  const session = await (await page.request.get(`/api/sessions/${id}`)).json();
  expect(session.trafficKind).toBe(kind);
}

test('a session on an OD matrix edited in the form', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E OD Office', 8, 3));
  await page.goto(`/sessions/new?building=${building.id}`);
  await page.getByTestId('session-traffic-source').selectOption('od');
  await expect(page.getByTestId('od-editor')).toBeVisible();

  // Floor 3's row no longer sums to 1: the error is shown in that row, and starting is refused.
  await page.getByTestId('od-cell-0-3-0').fill('0.2');
  await page.getByTestId('od-cell-0-3-0').blur();
  await expect(page.getByTestId('od-row-error-0-3')).toContainText('row must sum to 1');
  // A destination equal to the origin is refused in its cell.
  await page.getByTestId('od-cell-0-2-2').fill('0.5');
  await page.getByTestId('od-cell-0-2-2').blur();
  await expect(page.getByTestId('od-period-0')).toContainText('must be 0 (origin = destination)');
  await page.getByTestId('start-session').click();
  await expect(page.getByText('Fix the highlighted fields first.')).toBeVisible();

  await page.getByTestId('od-cell-0-2-2').fill('0');
  await page.getByTestId('od-cell-0-2-2').blur();
  await page.getByRole('button', { name: 'Normalise row 3, period 1' }).click();
  await expect(page.getByTestId('od-row-error-0-3')).toHaveCount(0);
  await expect(page.getByTestId('od-sum-0-3')).toHaveText('1');

  // A second, quieter period after a 10-minute first one.
  await page.getByTestId('od-duration-0').fill('10');
  await page.getByTestId('od-duration-0').blur();
  await page.getByTestId('od-add-period').click();
  await expect(page.getByTestId('od-period-1')).toContainText('0:10–0:20');
  await page.getByTestId('od-rate-1-0').fill('10');
  await page.getByTestId('od-rate-1-0').blur();
  await expect(page.getByRole('img', { name: 'Arrival profile chart' })).toBeVisible();
  // Show each matrix from its first column (editing scrolled them).
  await page.evaluate(() =>
    document.querySelectorAll('.od-editor .scroll').forEach((e) => (e.scrollLeft = 0)),
  );
  await saveScreenshot(page, 'custom-traffic-od', true);
  await startAndWatch(page, 'od');
});

test('a session on an uploaded passenger list', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E CSV Office', 8, 3));
  await page.goto(`/sessions/new?building=${building.id}`);
  await page.getByTestId('session-traffic-source').selectOption('passengers');

  // A file with mistakes: each is listed with its line.
  await page.getByTestId('csv-file').setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('time,origin,destination\n0,G,3\n5,Roof,2\n7,2,2\n9,G,"4,5"\n'),
  });
  const errors = page.getByTestId('csv-errors');
  await expect(errors).toContainText('bad.csv');
  await expect(page.getByTestId('csv-error-0')).toContainText('3');
  await expect(page.getByTestId('csv-error-0')).toContainText('unknown floor "Roof"');
  await expect(page.getByTestId('csv-error-1')).toContainText('must differ from origin');
  await expect(page.getByTestId('csv-error-2')).toContainText('unknown floor "4,5"');
  await saveScreenshot(page, 'custom-traffic-csv-errors', true);

  // A good list, dropped on the form: 60 groups over 20 minutes, floors by name, quoted fields.
  const lines = ['time,origin,destination,count'];
  for (let k = 0; k < 60; k++)
    lines.push(k % 3 === 2 ? `${k * 20},"${1 + (k % 7)}",G,1` : `${k * 20},G,${1 + (k % 7)},${1 + (k % 2)}`);
  const csv = lines.join('\r\n');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'morning.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.getByTestId('csv-drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('csv-errors')).toHaveCount(0);
  await expect(page.getByTestId('csv-persons')).toHaveText('80');
  await expect(page.getByTestId('csv-span')).toHaveText('0:00:00 – 0:19:40');
  await expect(page.getByRole('img', { name: 'Arrivals over time in the passenger list' })).toBeVisible();
  await saveScreenshot(page, 'custom-traffic-csv', true);
  await startAndWatch(page, 'passengers');
});

test('a comparison on a passenger list chosen in the form', async ({ page, request }) => {
  const building = await createBuilding(request, officeBuilding('E2E CSV Compare', 8, 3));
  await page.goto(`/runs/new?building=${building.id}`);
  await page.getByTestId('run-building').selectOption(building.id);
  await page.getByTestId('run-traffic-source').selectOption('passengers');
  const csv = Array.from({ length: 40 }, (_, k) => `${k * 15},G,${1 + (k % 7)}`).join('\n');
  await page.getByTestId('csv-file').setInputFiles({
    name: 'compare.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await expect(page.getByTestId('csv-persons')).toHaveText('40');
  await page.getByTestId('run-seeds').fill('1');
  await page.getByTestId('run-duration').fill('1200');
  await page.getByTestId('run-warmup').fill('0');
  await saveScreenshot(page, 'custom-traffic-compare', true);
  await page.getByTestId('start-run').click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 90_000 });
  const id = page.url().split('/').pop();
  const run = await (await page.request.get(`/api/runs/${id}`)).json();
  expect(run.request.traffic.kind).toBe('passengers');
  expect(run.results.runs.map((r: { kpis: { delivered: number } }) => r.kpis.delivered)).toEqual([
    40, 40, 40,
  ]);
});
