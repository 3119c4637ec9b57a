import { upPeakCalc } from '@hoistway/simulator/browser';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { computed, defineComponent, h, reactive } from 'vue';
import { newBuildingDraft, validateDraft } from '../editor/building-draft.js';
import CarGroupsEditor from './CarGroupsEditor.vue';
import FloorsTable from './FloorsTable.vue';
import UpPeakPanel from './UpPeakPanel.vue';

/** The editor's wiring in miniature: draft → shared-schema validation → field errors and live figures. */
const Harness = defineComponent(() => {
  const draft = reactive(newBuildingDraft());
  const validation = computed(() => validateDraft(draft));
  const figures = computed(() => (validation.value.building ? upPeakCalc(validation.value.building) : null));
  return () =>
    h('div', [
      h(FloorsTable, { draft, errors: validation.value.errors }),
      h(CarGroupsEditor, { draft, errors: validation.value.errors }),
      h(UpPeakPanel, { figures: figures.value }),
    ]);
});

describe('building editor parts', () => {
  it('shows the schema error next to the field the user broke, and clears it when fixed', async () => {
    const wrapper = mount(Harness);
    const height = wrapper.get('[data-testid="floor-3-height"]');
    await height.setValue('-2');
    expect(height.attributes('aria-invalid')).toBe('true');
    const describedBy = height.attributes('aria-describedby')!;
    expect(wrapper.get(`#${describedBy}`).text()).toBe('must be > 0');
    await height.setValue('3.9');
    expect(height.attributes('aria-invalid')).toBe('false');
  });

  it('recomputes the up-peak figures as the user types', async () => {
    const wrapper = mount(Harness);
    const interval = () => Number(wrapper.get('[data-testid="uppeak-interval"]').text());
    const rtt = Number(wrapper.get('[data-testid="uppeak-rtt"]').text());
    const before = interval();
    expect(before).toBeCloseTo(rtt / 3, 0);
    await wrapper.get('[data-testid="group-0-count"]').setValue('6');
    expect(interval()).toBeCloseTo(rtt / 6, 0);
    await wrapper.get('[data-testid="group-0-speed"]').setValue('3.5');
    expect(Number(wrapper.get('[data-testid="uppeak-rtt"]').text())).toBeLessThan(rtt);
  });

  it('hides the figures while the building is invalid', async () => {
    const wrapper = mount(Harness);
    await wrapper.get('[data-testid="group-0-served"]').setValue('0-99');
    expect(wrapper.find('[data-testid="uppeak-rtt"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('must be a floor index 0..9');
  });

  it('bulk-adds floors from the form', async () => {
    const wrapper = mount(Harness);
    const rows = () => wrapper.findAll('tbody tr').length;
    const before = rows();
    await wrapper.get('form.bulk').trigger('submit');
    expect(rows()).toBe(before + 5);
  });
});
