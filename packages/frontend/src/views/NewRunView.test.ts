import { buildingSchema, type Building, type BuildingSummary } from '@hoistway/shared-types';
import { newBuildingDraft, toBuildingInput } from '../editor/building-draft.js';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import NewRunView from './NewRunView.vue';
import NewSessionView from './NewSessionView.vue';

const building = (id: string, name: string): BuildingSummary =>
  ({
    id,
    name,
    currentVersion: 1,
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
  }) as BuildingSummary;
const first = building('0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69', 'Office A');
const second = building('1c8e4f1f-4d2b-4d66-8b1f-2e3d4c5b6a70', 'Office B');
const runId = '3c9d7a51-0d5e-4c1e-8f0a-2b7c6d5e4f3a';

/** Answers the building list, a building, and run creation; records every request. */
function stubApi(items: BuildingSummary[], definition?: Building) {
  const requests: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const path = String(url).split('?')[0]!;
      const method = init?.method ?? 'GET';
      requests.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (path === '/api/buildings') return Response.json({ items, nextCursor: null });
      if (definition && method === 'GET' && path.startsWith('/api/buildings/'))
        return Response.json({ id: path.split('/').at(-1), version: 1, definition });
      if (method === 'POST' && path === '/api/runs') return Response.json({ id: runId }, { status: 202 });
      return Response.json({ error: 'Not Found', message: 'nope', details: [] }, { status: 404 });
    }),
  );
  return requests;
}

async function mountAt(component: typeof NewRunView | typeof NewSessionView, path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/runs/new', component },
      { path: '/sessions/new', component },
      { path: '/runs/:id', component: { template: '<p>run</p>' } },
      { path: '/buildings/new', component: { template: '<p>new building</p>' } },
    ],
  });
  await router.push(path);
  const wrapper = mount(component, { global: { plugins: [router], stubs: { ChartCanvas: true } } });
  await flushPromises();
  return { wrapper, router };
}

describe('new comparison and new session forms', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('pick the building of the link that led here, else the first one', async () => {
    stubApi([first, second]);
    const linked = await mountAt(NewRunView, `/runs/new?building=${second.id}`);
    expect((linked.wrapper.get('[data-testid="run-building"]').element as HTMLSelectElement).value).toBe(
      second.id,
    );
    const plain = await mountAt(NewSessionView, '/sessions/new');
    expect((plain.wrapper.get('[data-testid="session-building"]').element as HTMLSelectElement).value).toBe(
      first.id,
    );
    expect(plain.wrapper.find('[data-testid="session-template"]').exists()).toBe(true);
    expect(plain.wrapper.find('[data-testid="session-intensity"]').exists()).toBe(true);
  });

  it('without buildings, say how to get one instead of the form', async () => {
    stubApi([]);
    const { wrapper } = await mountAt(NewRunView, '/runs/new');
    expect(wrapper.text()).toContain('You need a building first');
    expect(wrapper.find('form').exists()).toBe(false);
  });

  it('refuse to submit with field errors, then create the run and open it', async () => {
    const requests = stubApi([first]);
    const { wrapper, router } = await mountAt(NewRunView, '/runs/new');
    await wrapper.get('[data-testid="run-seeds"]').setValue('');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('Fix the highlighted fields first.');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);

    await wrapper.get('[data-testid="run-seeds"]').setValue('1-2');
    expect(wrapper.get('[data-testid="start-run"]').text()).toBe('Run 6 simulations');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({ buildingId: first.id, seeds: [1, 2] });
    expect(router.currentRoute.value.path).toBe(`/runs/${runId}`);
  });

  it.each([
    [NewSessionView, '/sessions/new', 'session'],
    [NewRunView, '/runs/new', 'run'],
  ] as const)(
    "start from the building's own traffic, show its HC5 and warn above it (%s)",
    async (component, path, prefix) => {
      // The default draft's three cars carry 10.5 % of the population per 5 minutes.
      const definition = buildingSchema.parse({
        ...toBuildingInput(newBuildingDraft()),
        defaultTraffic: { kind: 'template', template: 'lunch', intensity: 8 },
      });
      stubApi([first], definition);
      const { wrapper } = await mountAt(component, path);
      const field = (name: string) =>
        wrapper.get(`[data-testid="${prefix}-${name}"]`).element as HTMLInputElement;
      expect(field('template').value).toBe('lunch');
      expect(Number(field('intensity').value)).toBe(8);
      expect(wrapper.get(`[data-testid="${prefix}-capacity-hc5"]`).text()).toMatch(/^10\.5 % \(76 persons/);
      expect(wrapper.find(`[data-testid="${prefix}-capacity-warning"]`).exists()).toBe(false);
      await wrapper.get(`[data-testid="${prefix}-intensity"]`).setValue('12');
      expect(wrapper.get(`[data-testid="${prefix}-capacity-warning"]`).text()).toContain('Above capacity');
      if (prefix === 'session')
        expect(wrapper.get('[data-testid="start-session"]').text()).toBe('Start anyway');
    },
  );
});
