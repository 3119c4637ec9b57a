import type { BuildingSummary } from '@hoistway/shared-types';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ModelEvaluateForm from './ModelEvaluateForm.vue';

const modelId = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const buildings = [
  { id: '0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69', name: 'Office 10' },
  { id: '1c8f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a70', name: 'Tower 30' },
] as BuildingSummary[];

function stubFetch(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function fill(wrapper: ReturnType<typeof mount>, testid: string, value: string) {
  await wrapper.get(`[data-testid="${testid}"]`).setValue(value);
}

describe('ModelEvaluateForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the building, traffic and seeds to the evaluate route and reports the started run', async () => {
    const run = {
      id: '2d9f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a71',
      status: 'queued',
      progress: { done: 0, total: 24 },
    };
    const fetch = stubFetch(202, run);
    const wrapper = mount(ModelEvaluateForm, { props: { modelId, buildings } });
    await wrapper.get('[data-testid="evaluate-building"]').setValue(buildings[1]!.id);
    await wrapper.get('[data-testid="evaluate-traffic"]').setValue('down-peak');
    await fill(wrapper, 'evaluate-intensity', '9');
    await fill(wrapper, 'evaluate-seeds', '4');
    await fill(wrapper, 'evaluate-seed-start', '500');
    await fill(wrapper, 'evaluate-duration', '1800');
    await wrapper.get('[data-testid="evaluate-form"]').trigger('submit');
    await flushPromises();

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`/api/models/${modelId}/evaluate`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      buildingId: buildings[1]!.id,
      traffic: { kind: 'template', template: 'down-peak', intensity: 9 },
      seeds: 4,
      seedStart: 500,
      duration: 1800,
    });
    expect(wrapper.emitted('started')).toEqual([[run]]);
  });

  it("shows the server's objection on the field it names (a training seed)", async () => {
    const message =
      'seeds: seed 1000 trained office@1; evaluate on held-out seeds (choose another seedStart)';
    stubFetch(400, {
      error: 'Bad Request',
      message: `Invalid request body: ${message}`,
      details: [{ path: 'seedStart', message }],
    });
    const wrapper = mount(ModelEvaluateForm, { props: { modelId, buildings } });
    await wrapper.get('[data-testid="evaluate-form"]').trigger('submit');
    await flushPromises();

    const field = wrapper.get('[data-testid="evaluate-seed-start"]');
    expect(field.attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('trained office@1');
    expect(wrapper.get('[role="alert"]').text()).toContain('Invalid request body');
    expect(wrapper.emitted('started')).toBeUndefined();
  });

  it('refuses too few seeds before asking the server', async () => {
    const fetch = stubFetch(202, {});
    const wrapper = mount(ModelEvaluateForm, { props: { modelId, buildings } });
    await fill(wrapper, 'evaluate-seeds', '1');
    expect(wrapper.get('[data-testid="evaluate-seeds"]').attributes('aria-invalid')).toBe('true');
    await wrapper.get('[data-testid="evaluate-form"]').trigger('submit');
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Fix the highlighted fields first.');
  });
});
