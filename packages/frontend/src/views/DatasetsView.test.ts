import type { DatasetDetail, DatasetSummary } from '@hoistway/shared-types';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import DatasetsView from './DatasetsView.vue';

const summary: DatasetSummary = {
  id: '0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69',
  name: 'office-10 up-peak',
  buildingName: 'Office 10',
  ownerId: null,
  featureNames: ['etaSeconds', 'distanceFloors'],
  episodesRequested: 20,
  episodesCompleted: 12,
  rowCount: 123456,
  createdAt: '2026-11-28T10:00:00Z',
  updatedAt: '2026-11-28T11:00:00Z',
};
const detail: DatasetDetail = {
  ...summary,
  config: {},
  traffic: null,
  featureSummary: [
    { name: 'etaSeconds', min: 0, max: 88.5, mean: 21.25, std: 9.5 },
    { name: 'distanceFloors', min: 0, max: 9, mean: 3.5, std: 2 },
  ],
  sampledRows: 100000,
  policies: [{ policy: 'eta', rows: 50000, chosen: 12000 }],
  decisions: 30000,
};

function stubApi(responses: Record<string, { status: number; body: unknown }>) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const path = String(url).split('?')[0]!;
      const r = responses[path] ?? {
        status: 404,
        body: { error: 'Not Found', message: 'nope', details: [] },
      };
      return new Response(JSON.stringify(r.body), { status: r.status });
    }),
  );
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/datasets', component: DatasetsView }],
  });
  await router.push(path);
  const wrapper = mount(DatasetsView, { global: { plugins: [router] } });
  await flushPromises();
  return wrapper;
}

describe('DatasetsView', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists datasets with row counts and shows the feature summary of the selected one', async () => {
    stubApi({
      '/api/datasets': { status: 200, body: { items: [summary], nextCursor: null } },
      [`/api/datasets/${summary.id}`]: { status: 200, body: detail },
    });
    const wrapper = await mountAt(`/datasets?id=${summary.id}`);
    expect(wrapper.get('[data-testid="dataset-table"]').text()).toContain('123,456');
    expect(wrapper.text()).toContain('12 / 20');
    expect(wrapper.text()).toContain('etaSeconds');
    expect(wrapper.text()).toContain('21.25');
    expect(wrapper.text()).toContain('statistics over the first 100,000 rows');
  });

  it('shows the empty state', async () => {
    stubApi({ '/api/datasets': { status: 200, body: { items: [], nextCursor: null } } });
    const wrapper = await mountAt('/datasets');
    expect(wrapper.text()).toContain('No datasets yet');
  });

  it("shows the server's error message", async () => {
    stubApi({
      '/api/datasets': {
        status: 503,
        body: { error: 'Service Unavailable', message: 'database is starting', details: [] },
      },
    });
    const wrapper = await mountAt('/datasets');
    expect(wrapper.get('[role="alert"]').text()).toContain('database is starting');
  });
});
