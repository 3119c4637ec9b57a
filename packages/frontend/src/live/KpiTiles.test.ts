import type { KpiSummary } from '@hoistway/shared-types';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { emptyKpis } from '../test-support/fake-socket.js';
import KpiTiles from './KpiTiles.vue';

const saturated: KpiSummary = {
  ...emptyKpis,
  generated: 900,
  delivered: 400,
  inSystem: 500,
  counted: 850,
  stillWaiting: 312,
  awt: 410.5,
  interval: 34,
  throughput5MinPersons: 120,
  throughput5MinPercent: 9.5,
  peak5MinPersons: 140,
  peak5MinPercent: 11.1,
  saturated: true,
  groups: [{ group: 'Main', interval: 34, stillWaiting: 312, pickupCapacity: 64, saturated: true }],
};

const mountTiles = (kpis: Partial<KpiSummary> | null, finished = true) =>
  mount(KpiTiles, { props: { kpis, waiting: 312, riding: 40, finished } });

describe('KpiTiles', () => {
  it('warns when passengers are left waiting beyond what the cars can pick up', () => {
    const wrapper = mountTiles(saturated);
    const notice = wrapper.get('[data-testid="saturation-notice"]');
    expect(notice.attributes('data-level')).toBe('saturated');
    expect(notice.attributes('role')).toBe('alert');
    expect(notice.text()).toContain(
      "312 passengers still waiting at the end: the traffic exceeds this group's capacity",
    );
    expect(wrapper.get('[data-testid="kpi-throughput5MinPercent"]').text()).toContain('9.5');
    expect(wrapper.get('[data-testid="kpi-peak5MinPercent"]').text()).toContain('11.1');
  });

  it('says "now" while the session runs, and names the saturated group of several', () => {
    const kpis: KpiSummary = {
      ...saturated,
      groups: [
        { group: 'Low rise', interval: 33.2, stillWaiting: 2, pickupCapacity: 96, saturated: false },
        { group: 'High rise', interval: 35.1, stillWaiting: 310, pickupCapacity: 96, saturated: true },
      ],
    };
    const wrapper = mountTiles(kpis, false);
    expect(wrapper.get('[data-testid="saturation-notice"]').text()).toContain(
      '312 passengers waiting now: the traffic exceeds the capacity of group High rise',
    );
    expect(wrapper.get('[data-testid="group-intervals"]').text()).toBe(
      'Interval per group: Low rise 33.2 s · High rise 35.1 s',
    );
  });

  it('only notes a few passengers left waiting below the saturation threshold', () => {
    const wrapper = mountTiles({
      ...saturated,
      stillWaiting: 3,
      saturated: false,
      groups: [{ ...saturated.groups[0]!, stillWaiting: 3, saturated: false }],
    });
    const notice = wrapper.get('[data-testid="saturation-notice"]');
    expect(notice.attributes('data-level')).toBe('censored');
    expect(notice.text()).not.toContain('exceeds');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('shows nothing when nobody is waiting', () => {
    const wrapper = mountTiles({ ...saturated, stillWaiting: 0, saturated: false, groups: [] });
    expect(wrapper.find('[data-testid="saturation-notice"]').exists()).toBe(false);
  });

  it('reads KPIs stored before schema 2 without crashing: missing figures are —, HC5 is the peak', () => {
    const old = {
      generated: 100,
      delivered: 95,
      inSystem: 5,
      counted: 90,
      awt: 20,
      attd: 60,
      averageTransit: 40,
      longestWait: 90,
      p95Wait: 55,
      percentWaitsOver60: 3,
      meanSquaredWait: 700,
      worst5MinAwt: 30,
      interval: 25,
      hc5Persons: 40,
      hc5Percent: 11,
    } as unknown as Partial<KpiSummary>;
    const wrapper = mountTiles(old);
    expect(wrapper.get('[data-testid="kpi-throughput5MinPercent"]').text()).toContain('—');
    expect(wrapper.get('[data-testid="kpi-peak5MinPercent"]').text()).toContain('11.0');
    expect(wrapper.get('[data-testid="kpi-awt"]').text()).toContain('20.0');
    expect(wrapper.find('[data-testid="saturation-notice"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="group-intervals"]').exists()).toBe(false);
    expect(mountTiles(null).get('[data-testid="kpi-awt"]').text()).toContain('—');
  });

  it('shows "—", not 0.0 s, for the waiting figures while nobody is counted yet (warm-up)', () => {
    const warmUp = { ...emptyKpis, generated: 40, delivered: 12, counted: 0 };
    const wrapper = mountTiles(warmUp, false);
    for (const key of ['awt', 'attd', 'p95Wait', 'longestWait', 'percentWaitsOver60'])
      expect(wrapper.get(`[data-testid="kpi-${key}"] .value`).text()).toBe('—');
    expect(wrapper.get('[data-testid="kpi-delivered"] .value').text()).toBe('12');
    const counted = mountTiles({ ...warmUp, counted: 5, awt: 0 }, false);
    expect(counted.get('[data-testid="kpi-awt"] .value').text()).toBe('0.0s');
  });
});
