import { groupsWithoutTraffic, upPeakCalc } from '@hoistway/simulator/browser';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { computed, defineComponent, h, reactive } from 'vue';
import { newBuildingDraft, validateDraft } from './building-draft.js';
import CarGroupsEditor from './CarGroupsEditor.vue';
import FloorsTable from './FloorsTable.vue';
import UpPeakPanel from './UpPeakPanel.vue';

/** The editor's wiring in miniature: draft → shared-schema validation → field errors and live figures. */
const Harness = defineComponent(() => {
  const draft = reactive(newBuildingDraft());
  const validation = computed(() => validateDraft(draft));
  const figures = computed(() => (validation.value.building ? upPeakCalc(validation.value.building) : null));
  const idle = computed(() =>
    validation.value.building ? groupsWithoutTraffic(validation.value.building) : [],
  );
  return () =>
    h('div', [
      h(FloorsTable, { draft, errors: validation.value.errors }),
      h(CarGroupsEditor, { draft, errors: validation.value.errors, idle: idle.value }),
      h(UpPeakPanel, { figures: figures.value, idle: idle.value, population: 720 }),
      h('pre', { 'data-testid': 'json' }, JSON.stringify(validation.value.building?.groups ?? null)),
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

  it('edits parking, door reversal and traffic share per group, with the schema errors in percent', async () => {
    const wrapper = mount(Harness);
    const groups = () => JSON.parse(wrapper.get('[data-testid="json"]').text()) as Record<string, unknown>[];
    expect(groups()[0]).toMatchObject({ parking: 'auto', doorReversal: true });
    expect(groups()[0]).not.toHaveProperty('trafficShare');

    const parking = wrapper.get('[data-testid="group-0-parking"]');
    expect(parking.findAll('option').map((o) => o.attributes('value'))).toEqual([
      'none',
      'lobby',
      'distributed',
      'auto',
    ]);
    await parking.setValue('none');
    expect(groups()[0]).toMatchObject({ parking: 'none' });
    // The short explanation follows the choice.
    expect(wrapper.get(`#${parking.attributes('aria-describedby')}`).text()).toBe(
      'Idle cars wait where they became idle.',
    );
    await wrapper.get('[data-testid="group-0-doorReversal"]').setValue(false);
    expect(groups()[0]).toMatchObject({ doorReversal: false });

    const share = wrapper.get('[data-testid="group-0-trafficShare"]');
    await share.setValue('150');
    expect(share.attributes('aria-invalid')).toBe('true');
    expect(wrapper.get(`#${share.attributes('aria-describedby')}`).text()).toBe('must be <= 100 %');
    await share.setValue('-5');
    expect(wrapper.get(`#${share.attributes('aria-describedby')}`).text()).toBe('must be >= 0 %');
    await share.setValue('25');
    expect(share.attributes('aria-invalid')).toBe('false');
    expect(groups()[0]).toMatchObject({ trafficShare: 0.25 });
    await share.setValue('');
    expect(groups()[0]).not.toHaveProperty('trafficShare');
    // The panel names the parking policy beside the group.
    expect(wrapper.get('[data-testid="uppeak"]').text()).toContain('Group A parks “Stay put”');
  });

  it('warns next to a group that can receive no traffic and credits it no handling capacity', async () => {
    const wrapper = mount(Harness);
    const total = () => Number(wrapper.get('[data-testid="uppeak-total-hc5"]').text());
    const alone = total();
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add car group')!
      .trigger('click');
    // B serves the same floors as A without a share: passengers pick the shorter expected wait at the
    // moment, so both groups receive traffic and the total counts both.
    expect(wrapper.find('[data-testid="group-1-warning"]').exists()).toBe(false);
    const both = total();
    expect(both).toBeGreaterThan(alone);
    // A share for B keeps both groups in use.
    await wrapper.get('[data-testid="group-1-trafficShare"]').setValue('50');
    expect(wrapper.find('[data-testid="group-1-warning"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="uppeak-warning-1"]').exists()).toBe(false);
    expect(total()).toBe(both);

    await wrapper.get('[data-testid="group-1-trafficShare"]').setValue('0');
    const warning = wrapper.get('[data-testid="group-1-warning"]');
    expect(warning.text()).toContain('Receives no traffic:');
    expect(warning.text()).toContain('its trafficShare is 0 and every trip it serves is also served by "A"');
    expect(wrapper.get('[data-testid="uppeak-warning-1"]').text()).toContain(
      'no handling capacity is credited',
    );
    expect(wrapper.findAll('[data-testid="uppeak-hc5"]').map((c) => c.text())[1]).toBe('—');
    expect(total()).toBe(alone);
    expect(wrapper.get('[data-testid="uppeak-total"]').text()).toContain('not counting B');
    expect(wrapper.find('[data-testid="group-0-warning"]').exists()).toBe(false);
  });

  it('bulk-adds floors from the form', async () => {
    const wrapper = mount(Harness);
    const rows = () => wrapper.findAll('tbody tr').length;
    const before = rows();
    await wrapper.get('form.bulk').trigger('submit');
    expect(rows()).toBe(before + 5);
  });
});
