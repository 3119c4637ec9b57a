import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { KPI_DEFINITIONS, type SimulationResults } from '@hoistway/shared-types';
import { createBuilding, finishedSession, officeBuilding, saveScreenshot } from './helpers.js';

/** RFC 4180 lines without quoted fields (the passenger log has none): header + rows, all as wide. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  for (const [i, row] of rows.entries())
    if (row.length !== header.length)
      throw new Error(`line ${i + 2}: ${row.length} fields, header has ${header.length}`);
  return { header, rows };
}

test('the session report: KPIs with definitions, cars, charts, downloads that parse, and a clean print', async ({
  page,
  request,
}, testInfo) => {
  const building = await createBuilding(request, officeBuilding('E2E Report Office', 12, 4));
  // Three hours of the daily office profile: 07:00–10:00 with the morning up-peak.
  const session = await finishedSession(request, building.id, {
    traffic: { kind: 'template', template: 'daily', intensity: 10 },
    duration: 10_800,
    warmUp: 600,
  });
  const { results } = (await (await request.get(`/api/sessions/${session.id}/results`)).json()) as {
    results: SimulationResults;
  };

  // Reached from the live view.
  await page.goto(`/sessions/${session.id}`);
  await page.getByTestId('report-link').click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}/report$`));
  await expect(page.getByRole('heading', { name: 'Session report', level: 1 })).toBeVisible();
  await expect(page.getByTestId('report-status')).toHaveText('finished');
  await expect(page.getByTestId('report-facts')).toContainText('Daily office profile');

  // Every KPI once, with the shared definition text.
  const kpiRows = page.getByTestId('report-kpis').locator('tbody tr');
  await expect(kpiRows).toHaveCount(KPI_DEFINITIONS.length);
  const awt = page.getByTestId('report-kpi-awt');
  await expect(awt).toContainText(KPI_DEFINITIONS.find((d) => d.key === 'awt')!.definition);
  await expect(awt.locator('td').first()).toHaveText(results.kpis.awt.toFixed(1));
  await expect(page.getByTestId('report-kpi-generated').locator('td').first()).toHaveText(
    results.kpis.generated.toLocaleString('en-US'),
  );

  // Per car: stops, distance, passengers carried, load.
  const carRows = page.getByTestId('report-cars').locator('tbody tr');
  await expect(carRows).toHaveCount(4);
  const first = results.cars[0]!;
  await expect(carRows.first()).toContainText(first.id);
  await expect(carRows.first().locator('td').nth(1)).toHaveText(first.stops.toLocaleString('en-US'));
  await expect(carRows.first().locator('td').nth(3)).toHaveText(
    first.passengersCarried.toLocaleString('en-US'),
  );
  const carried = results.cars.reduce((a, c) => a + c.passengersCarried, 0);
  expect(carried).toBeGreaterThan(0);

  // Charts: two per-5-minute charts and the histogram, with the quantiles under it.
  await expect(page.locator('canvas')).toHaveCount(3);
  await expect(page.getByTestId('report-quantiles')).toContainText(
    `${results.kpis.counted.toLocaleString('en-US')} counted passengers`,
  );

  // Downloads: the passenger log CSV (one row per passenger) and the results JSON.
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('download-passengers').click();
  const csvFile = await (await csvDownload).path();
  const csv = parseCsv(readFileSync(csvFile, 'utf8'));
  expect(csv.header.slice(0, 4)).toEqual(['id', 'arrival', 'origin', 'destination']);
  expect(csv.rows).toHaveLength(results.kpis.generated);
  const counted = csv.rows.filter((r) => r[csv.header.indexOf('counted')] === 'true').length;
  expect(counted).toBe(results.kpis.counted);

  const jsonDownload = page.waitForEvent('download');
  await page.getByTestId('download-results').click();
  const json = JSON.parse(readFileSync(await (await jsonDownload).path(), 'utf8')) as {
    results: SimulationResults;
  };
  expect(json.results.kpis).toEqual(results.kpis);

  await page.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(page, 'session-report', true);

  // Print: navigation and buttons are gone; the PDF has pages.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByTestId('download-passengers')).toBeHidden();
  await expect(page.getByTestId('report-kpis')).toBeVisible();
  const pdfPath = testInfo.outputPath('report.pdf');
  const pdf = await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  try {
    // A PNG of the first pages for a person to look at, where poppler is installed.
    const out = resolve(import.meta.dirname, '../test-results/report-print');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-l', '3', pdfPath, out]);
  } catch {
    // pdftoppm is optional.
  }
});
