/**
 * axe on every one of Hoistway's own pages (not the API docs): no violations. To cover a new page, add
 * it to PAGES with its path and what to wait for before the scan.
 */
import { authHeaders, storageStatePath } from './auth-state.js';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { RunDetail } from '@hoistway/shared-types';
import { createBuilding, finishedSession, officeBuilding } from './helpers.js';

/** What the pages are shown on: made once over the API. */
interface Fixtures {
  buildingId: string;
  sessionId: string;
  runId: string;
}

interface PageUnderTest {
  name: string;
  path: (f: Fixtures) => string;
  /** Resolves once the page shows its content (data loaded, charts drawn). */
  ready: (page: Page) => Promise<void>;
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
};

export const PAGES: PageUnderTest[] = [
  { name: 'dashboard', path: () => '/', ready: heading('Dashboard') },
  { name: 'new building', path: () => '/buildings/new', ready: heading('New building') },
  { name: 'building editor', path: (f) => `/buildings/${f.buildingId}`, ready: heading('E2E Axe Office') },
  {
    name: 'building history',
    path: (f) => `/buildings/${f.buildingId}/history`,
    ready: async (page) => {
      await heading(/^History of/)(page);
      await expect(page.getByTestId('version-table')).toBeVisible();
    },
  },
  {
    name: 'new session',
    path: (f) => `/sessions/new?building=${f.buildingId}`,
    ready: heading('New live session'),
  },
  {
    name: 'live session',
    path: (f) => `/sessions/${f.sessionId}`,
    ready: async (page) => {
      await heading('Live session')(page);
      await expect(page.getByTestId('connection')).toHaveText('connected');
    },
  },
  {
    name: 'session report',
    path: (f) => `/sessions/${f.sessionId}/report`,
    ready: async (page) => {
      await heading('Session report')(page);
      await expect(page.getByTestId('report-cars')).toBeVisible();
    },
  },
  {
    name: 'new comparison',
    path: (f) => `/runs/new?building=${f.buildingId}`,
    ready: heading('Compare dispatchers'),
  },
  {
    name: 'comparison detail',
    path: (f) => `/runs/${f.runId}`,
    ready: async (page) => {
      await heading('Dispatcher comparison')(page);
      await expect(page.getByTestId('results-table')).toBeVisible();
    },
  },
  { name: 'datasets', path: () => '/datasets', ready: heading('Datasets') },
  { name: 'history', path: () => '/history', ready: heading('History') },
  { name: 'models', path: () => '/models', ready: heading('Models') },
  {
    name: 'dispatcher playground',
    path: () => '/playground',
    ready: async (page) => {
      await heading('Dispatcher playground')(page);
      await expect(page.locator('.cm-editor')).toBeVisible();
    },
  },
  { name: 'users', path: () => '/users', ready: heading('Users') },
  { name: 'API tokens', path: () => '/tokens', ready: heading('API tokens') },
  { name: 'not found', path: () => '/no/such/page', ready: heading(/not found/i) },
];

async function finishedRun(request: APIRequestContext, buildingId: string): Promise<string> {
  const res = await request.post('/api/runs', {
    data: {
      buildingId,
      dispatchers: [{ name: 'eta' }, { name: 'collective' }],
      seeds: [1, 2],
      duration: 900,
      warmUp: 120,
    },
  });
  if (!res.ok()) throw new Error(`create run: ${res.status()} ${await res.text()}`);
  const { id } = (await res.json()) as RunDetail;
  await expect
    .poll(async () => ((await (await request.get(`/api/runs/${id}`)).json()) as RunDetail).status, {
      timeout: 120_000,
    })
    .toBe('finished');
  return id;
}

let fixtures: Fixtures;
test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(240_000);
  const request = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: storageStatePath,
    extraHTTPHeaders: authHeaders(),
  });
  const building = await createBuilding(request, officeBuilding('E2E Axe Office', 8, 2));
  const session = await finishedSession(request, building.id, { duration: 900, warmUp: 120 });
  fixtures = {
    buildingId: building.id,
    sessionId: session.id,
    runId: await finishedRun(request, building.id),
  };
  await request.dispose();
});

for (const p of PAGES)
  test(`axe finds no violations: ${p.name}`, async ({ page }) => {
    await page.goto(p.path(fixtures));
    await p.ready(page);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const readable = violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
    expect(readable).toEqual([]);
  });
