import type { ModelSummary } from '@hoistway/shared-types';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import ModelsView from './ModelsView.vue';

const runId = '2d9f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a71';
const model: ModelSummary = {
  id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  name: 'office',
  version: 1,
  status: 'ready',
  datasets: [{ id: '0b7f3f0e-3c1a-4c55-9a0e-1f2d3c4b5a69', name: 'small' }],
  featureNames: ['etaSeconds'],
  library: '@tensorflow/tfjs 4.22.0 (cpu backend)',
  ownerId: null,
  metrics: { epochs: [], trainRows: 10, valRows: 2, decisions: 5, valMae: 1, seconds: 1, seed: 1 },
  epochsRequested: 2,
  objective: null,
  error: null,
  evaluation: null,
  evaluationRun: { id: runId, status: 'running', progress: { done: 3, total: 12 }, error: null },
  createdAt: '2026-11-28T10:00:00Z',
};

/** Answers by method and path; records every request. */
function stubApi(routes: Record<string, () => { status: number; body: unknown }>) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const key = `${init?.method ?? 'GET'} ${String(url).split('?')[0]}`;
      calls.push(key);
      const route = routes[key];
      const r = route ? route() : { status: 200, body: { items: [], nextCursor: null } };
      return new Response(JSON.stringify(r.body), { status: r.status });
    }),
  );
  return calls;
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/models', component: ModelsView }],
  });
  await router.push(path);
  const wrapper = mount(ModelsView, { global: { plugins: [router] } });
  await flushPromises();
  return wrapper;
}

describe('ModelsView evaluation', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the progress of a running evaluation, cancels it, and hides the form meanwhile', async () => {
    let current = model;
    const calls = stubApi({
      'GET /api/models': () => ({ status: 200, body: { items: [current] } }),
      [`GET /api/models/${model.id}`]: () => ({ status: 200, body: current }),
      [`POST /api/runs/${runId}/cancel`]: () => {
        current = { ...model, evaluationRun: { ...model.evaluationRun!, status: 'cancelled' } };
        return { status: 200, body: {} };
      },
    });
    vi.useFakeTimers();
    const wrapper = await mountAt(`/models?id=${model.id}`);
    const progress = wrapper.get('[data-testid="evaluation-progress"]');
    expect(progress.text()).toContain('3 of 12');
    expect(wrapper.find('[data-testid="evaluate-panel"]').exists()).toBe(false);

    await wrapper.get('[data-testid="evaluate-cancel"]').trigger('click');
    await flushPromises();
    expect(calls).toContain(`POST /api/runs/${runId}/cancel`);
    expect(wrapper.find('[data-testid="evaluation-progress"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="evaluation-ended"]').text()).toContain('cancelled');
    // Ready and not evaluating: the form is offered again.
    expect(wrapper.find('[data-testid="evaluate-panel"]').exists()).toBe(true);
  });

  it('offers a cancel while a model trains', async () => {
    let current: ModelSummary = { ...model, status: 'training', evaluationRun: null };
    const calls = stubApi({
      'GET /api/models': () => ({ status: 200, body: { items: [current] } }),
      [`GET /api/models/${model.id}`]: () => ({ status: 200, body: current }),
      [`POST /api/models/${model.id}/cancel`]: () => {
        current = { ...current, status: 'cancelled', error: 'cancelled before it finished' };
        return { status: 200, body: current };
      },
    });
    vi.useFakeTimers();
    const wrapper = await mountAt(`/models?id=${model.id}`);
    expect(wrapper.get('[data-testid="model-status"]').text()).toContain('training');
    await wrapper.get('[data-testid="train-cancel"]').trigger('click');
    await flushPromises();
    expect(calls).toContain(`POST /api/models/${model.id}/cancel`);
    expect(wrapper.get('[data-testid="model-status"]').text()).toContain('cancelled');
    expect(wrapper.find('[data-testid="train-cancel"]').exists()).toBe(false);
  });
});
