import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import type { BuildingDetail, BuildingInput, SessionDetail } from '@hoistway/shared-types';

// Test runs write screenshots to an ignored folder; `npm run screenshots` points this at
// docs/screenshots to refresh the README's pictures.
const screenshotDir = resolve(
  process.env.E2E_SCREENSHOT_DIR ?? resolve(import.meta.dirname, '../screenshots'),
);

/** Saves a screenshot of a main screen (NAME.png; the README's come from `npm run screenshots`). */
export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

/**
 * A short tag unique to this test run, for names that must not meet an earlier run's data (QA runs the
 * suites again and again against one compose stack).
 */
export const runTag = Date.now().toString(36).slice(-5);

/** A small office: lobby + `floors - 1` office floors, one group of `cars` cars. */
export function officeBuilding(name: string, floors = 12, cars = 4): BuildingInput {
  return {
    name,
    floors: Array.from({ length: floors }, (_, i) => ({
      name: i === 0 ? 'G' : String(i),
      height: i === 0 ? 4.5 : 3.6,
      population: i === 0 ? 0 : 80,
      entrance: i === 0,
    })),
    groups: [
      {
        name: 'A',
        servedFloors: Array.from({ length: floors }, (_, i) => i),
        cars: Array.from({ length: cars }, (_, i) => ({
          id: `A${i + 1}`,
          capacity: 13,
          speed: 2.5,
          acceleration: 1,
          jerk: 1.5,
          homeFloor: 0,
        })),
      },
    ],
  };
}

export async function createBuilding(
  request: APIRequestContext,
  building: BuildingInput,
): Promise<BuildingDetail> {
  const res = await request.post('/api/buildings', { data: building });
  if (!res.ok()) throw new Error(`create building: ${res.status()} ${await res.text()}`);
  return (await res.json()) as BuildingDetail;
}

export async function startSession(
  request: APIRequestContext,
  buildingId: string,
  speed: number,
  intensity = 14,
): Promise<SessionDetail> {
  const res = await request.post('/api/sessions', {
    data: { buildingId, speed, traffic: { kind: 'template', template: 'up-peak', intensity } },
  });
  if (!res.ok()) throw new Error(`create session: ${res.status()} ${await res.text()}`);
  const session = (await res.json()) as SessionDetail;
  const start = await request.post(`/api/sessions/${session.id}/control`, { data: { type: 'start' } });
  if (!start.ok()) throw new Error(`start session: ${start.status()} ${await start.text()}`);
  return session;
}

/** The sim clock shown on the live view, in seconds. */
export async function simSeconds(page: Page): Promise<number> {
  const text = (await page.getByTestId('sim-clock').textContent()) ?? '';
  const [h, m, s] = text.trim().split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

/** Every car's position from the car table (metres), as one string to compare. */
export async function carPositions(page: Page): Promise<string> {
  const rows = page.locator('[data-testid="car-table"] tbody tr');
  const values = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-position')));
  return values.join(',');
}

/**
 * A session run to its end at 1000× over the API: `traffic` (default up-peak 12 %) for `duration`
 * simulated seconds; resolves once its status is `finished`.
 */
export async function finishedSession(
  request: APIRequestContext,
  buildingId: string,
  { traffic, duration = 1800, warmUp = 300 }: { traffic?: unknown; duration?: number; warmUp?: number } = {},
): Promise<SessionDetail> {
  const res = await request.post('/api/sessions', {
    data: {
      buildingId,
      speed: 1000,
      traffic: traffic ?? { kind: 'template', template: 'up-peak', intensity: 12 },
      config: { duration, warmUp, seed: 3 },
    },
  });
  if (!res.ok()) throw new Error(`create session: ${res.status()} ${await res.text()}`);
  const session = (await res.json()) as SessionDetail;
  const start = await request.post(`/api/sessions/${session.id}/control`, { data: { type: 'start' } });
  if (!start.ok()) throw new Error(`start session: ${start.status()} ${await start.text()}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const detail = (await (await request.get(`/api/sessions/${session.id}`)).json()) as SessionDetail;
    if (detail.status === 'finished') return detail;
    if (detail.status === 'failed' || Date.now() > deadline)
      throw new Error(`session ${session.id} did not finish: ${detail.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
