import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref, shallowRef } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AsyncData } from '../composables/useAsyncData.js';
import ListPanel from './ListPanel.vue';

type Item = { id: string; name: string };

function source(items: Item[] | null, error: Error | null = null): AsyncData<{ items: Item[] }> {
  return {
    data: shallowRef(items === null ? null : { items }),
    loading: ref(false),
    error: shallowRef(error),
    reload: async () => {},
  };
}

function mountPanel(data: AsyncData<{ items: Item[] }>, slots: Record<string, unknown> = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p*', component: {} }] });
  const Host = defineComponent(
    () => () =>
      h(
        ListPanel<Item>,
        {
          title: 'Things',
          headingId: 'things-h',
          source: data,
          action: { to: '/things/new', label: 'New thing', primary: true },
          emptyText: 'No things.',
          testid: 'thing-list',
        },
        { item: ({ item }: { item: Item }) => h('span', item.name), ...slots },
      ),
  );
  return mount(Host, { global: { plugins: [router] } });
}

describe('ListPanel', () => {
  it('lists each item through the item slot under a titled heading and action', () => {
    const wrapper = mountPanel(
      source([
        { id: 'a', name: 'Alpha' },
        { id: 'b', name: 'Beta' },
      ]),
    );
    expect(wrapper.get('h2#things-h').text()).toBe('Things');
    expect(wrapper.get('section').attributes('aria-labelledby')).toBe('things-h');
    expect(wrapper.get('a.button.primary').text()).toBe('New thing');
    expect(
      wrapper
        .get('[data-testid="thing-list"]')
        .findAll('li')
        .map((li) => li.text()),
    ).toEqual(['Alpha', 'Beta']);
  });

  it('shows the empty text, or the empty slot when given, and errors', () => {
    expect(mountPanel(source([])).text()).toContain('No things.');
    expect(mountPanel(source([]), { empty: () => 'Make one!' }).text()).toContain('Make one!');
    expect(
      mountPanel(source(null, new Error('server down')))
        .get('[role="alert"]')
        .text(),
    ).toContain('server down');
  });
});
