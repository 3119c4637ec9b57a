import { describe, expect, it } from 'vitest';
import { kpiValue, saturationNotice } from './saturation.js';

describe('kpiValue', () => {
  it('reads current keys, the legacy HC5 as the peak, and nothing else', () => {
    expect(kpiValue({ awt: 12.5 }, 'awt')).toBe(12.5);
    expect(kpiValue({ hc5Percent: 11 }, 'peak5MinPercent')).toBe(11);
    expect(kpiValue({ peak5MinPercent: 9, hc5Percent: 11 }, 'peak5MinPercent')).toBe(9);
    expect(kpiValue({ hc5Percent: 11 }, 'throughput5MinPercent')).toBeNull();
    expect(kpiValue({ interval: null }, 'interval')).toBeNull();
    expect(kpiValue({ awt: 'x' }, 'awt')).toBeNull();
    expect(kpiValue(null, 'awt')).toBeNull();
    expect(kpiValue(undefined, 'awt')).toBeNull();
  });
});

describe('saturationNotice', () => {
  const group = (name: string, stillWaiting: number, saturated: boolean) => ({
    group: name,
    interval: 30,
    stillWaiting,
    pickupCapacity: 20,
    saturated,
  });

  it('warns with the count and the group when saturated', () => {
    const one = saturationNotice({ stillWaiting: 45, saturated: true, groups: [group('A', 45, true)] });
    expect(one?.level).toBe('saturated');
    expect(one?.text).toMatch(
      /^45 passengers still waiting at the end: the traffic exceeds this group's capacity/,
    );
    const two = saturationNotice(
      { stillWaiting: 50, saturated: true, groups: [group('Low', 5, false), group('High', 45, true)] },
      'now',
    );
    expect(two?.groups).toEqual(['High']);
    expect(two?.text).toMatch(/^50 passengers waiting now: the traffic exceeds the capacity of group High /);
  });

  it('notes a few left waiting, says nothing for none or for summaries without the figure', () => {
    const few = saturationNotice({ stillWaiting: 1, saturated: false, groups: [group('A', 1, false)] });
    expect(few).toEqual({
      level: 'censored',
      stillWaiting: 1,
      groups: [],
      text: '1 passenger still waiting at the end; their waits count up to the end (a lower bound).',
    });
    expect(saturationNotice({ stillWaiting: 0, saturated: false, groups: [] })).toBeNull();
    expect(saturationNotice({})).toBeNull();
    expect(saturationNotice(null)).toBeNull();
  });
});
