import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import LiveSessionView from './LiveSessionView.vue';

const id = '7c0e7f4e-0d6b-4a59-9d55-5d6c1f1a2b3c';

async function mountWith(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status })),
  );
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/sessions/:id', component: LiveSessionView, props: true },
      { path: '/:any(.*)*', component: { template: '<p>other</p>' } },
    ],
  });
  await router.push(`/sessions/${id}`);
  const wrapper = mount(LiveSessionView, {
    props: { id },
    global: { plugins: [router, createPinia()], stubs: { LiveCharts: true, ShaftCanvas: true } },
  });
  await flushPromises();
  return wrapper;
}

describe('LiveSessionView', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows "Session not found" with a heading and a way on (no "Try again") for an unknown session', async () => {
    const wrapper = await mountWith(404, {
      error: 'Not Found',
      message: `session ${id} not found`,
      details: [],
    });
    expect(wrapper.get('h1').text()).toBe('Session not found');
    expect(wrapper.get('[data-testid="not-found"] a').attributes('href')).toBe('/sessions/new');
    expect(wrapper.text()).not.toContain('Try again');
  });

  it('keeps a heading above other load errors, with a retry', async () => {
    const wrapper = await mountWith(503, {
      error: 'Service Unavailable',
      message: 'restarting',
      details: [],
    });
    expect(wrapper.get('h1').text()).toBe('Live session');
    expect(wrapper.text()).toContain('Try again');
  });
});
