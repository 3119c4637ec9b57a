import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ServiceStatus from './ServiceStatus.vue';

describe('ServiceStatus', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says running when the health endpoint answers 200', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 200 })),
    );
    const wrapper = mount(ServiceStatus);
    expect(wrapper.text()).toContain('checking');
    await flushPromises();
    expect(wrapper.text()).toContain('running');
  });

  it('says not reachable when the request fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new Error('offline'))),
    );
    const wrapper = mount(ServiceStatus);
    await flushPromises();
    expect(wrapper.text()).toContain('not reachable');
  });
});
