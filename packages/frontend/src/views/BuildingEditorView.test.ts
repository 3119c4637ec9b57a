import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { newBuildingDraft, toBuildingInput } from '../editor/building-draft.js';
import BuildingEditorView from './BuildingEditorView.vue';

const id = '0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69';
const definition = toBuildingInput(newBuildingDraft());
const detail = (version: number) => ({
  id,
  name: definition.name,
  currentVersion: version,
  version,
  archived: false,
  createdAt: '2026-11-28T10:00:00Z',
  updatedAt: '2026-11-28T10:00:00Z',
  definition,
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

async function mountAt(path: string, fetchImpl: (url: string, init?: RequestInit) => Response) {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => fetchImpl(url, init));
  vi.stubGlobal('fetch', fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<p>dashboard</p>' } },
      { path: '/buildings/:id', component: BuildingEditorView, props: true },
      { path: '/sessions/new', component: { template: '<p>new session</p>' } },
    ],
  });
  await router.push(path);
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } });
  await flushPromises();
  return { wrapper, router, fetch };
}

describe('BuildingEditorView', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows "Building not found" with a way back, and no editable draft, for an unknown id', async () => {
    const { wrapper } = await mountAt(`/buildings/${id}`, () =>
      json(404, { error: 'Not Found', message: `building ${id} not found`, details: [] }),
    );
    expect(wrapper.get('h1').text()).toBe('Building not found');
    expect(wrapper.get('[data-testid="not-found"] a').attributes('href')).toBe('/');
    expect(wrapper.find('[data-testid="save-building"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="building-name"]').exists()).toBe(false);
  });

  it('drops the "Fix the N highlighted fields" banner once the fields are fixed', async () => {
    const { wrapper } = await mountAt(`/buildings/${id}`, () => json(200, detail(1)));
    const height = wrapper.get('[data-testid="floor-3-height"]');
    await height.setValue('-2');
    await wrapper.get('[data-testid="save-building"]').trigger('click');
    expect(wrapper.text()).toContain('Fix the 1 highlighted field before saving.');
    await height.setValue('3.6');
    expect(wrapper.text()).not.toContain('highlighted field');
  });

  it('does not save an unchanged building as a new version', async () => {
    const { wrapper, fetch } = await mountAt(`/buildings/${id}`, () => json(200, detail(1)));
    await wrapper.get('[data-testid="save-building"]').trigger('click');
    await flushPromises();
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'PUT')).toHaveLength(0);
    expect(wrapper.text()).toContain('nothing to save');
  });

  it('asks before leaving with unsaved edits, and stays when the user cancels', async () => {
    const { wrapper, router } = await mountAt(`/buildings/${id}`, () => json(200, detail(1)));
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await wrapper.get('[data-testid="building-name"]').setValue('Renamed');
    await router.push('/');
    expect(confirm).toHaveBeenCalledOnce();
    expect(router.currentRoute.value.path).toBe(`/buildings/${id}`);
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
    confirm.mockReturnValue(true);
    await router.push('/');
    expect(router.currentRoute.value.path).toBe('/');
  });

  it('leaves without asking when nothing was edited', async () => {
    const { router } = await mountAt(`/buildings/${id}`, () => json(200, detail(1)));
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await router.push('/');
    expect(confirm).not.toHaveBeenCalled();
    expect(router.currentRoute.value.path).toBe('/');
  });
});
