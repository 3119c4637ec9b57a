import { buildingSchema, defaultTraffic } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { TrafficInputError } from './errors.js';
import { resolveTraffic } from './resolve.js';

const car = { capacity: 8, speed: 1, acceleration: 1, jerk: 1.5, homeFloor: 0 };
const building = buildingSchema.parse({
  name: 'resolve',
  floors: [
    { name: 'G', height: 4, population: 0, entrance: true },
    { name: '1', height: 3.5, population: 40 },
  ],
  groups: [{ name: 'Main', servedFloors: [0, 1], cars: [car] }],
});

describe('resolveTraffic', () => {
  it('turns template names into template traffic with the default intensity 12', () => {
    expect(resolveTraffic('lunch', building)).toEqual({ kind: 'template', template: 'lunch', intensity: 12 });
    expect(resolveTraffic('up-peak:15', building)).toEqual({
      kind: 'template',
      template: 'up-peak',
      intensity: 15,
    });
    expect(resolveTraffic(' daily:7.5 ', building)).toEqual({
      kind: 'template',
      template: 'daily',
      intensity: 7.5,
    });
  });

  it("uses the building's default traffic for 'default', else the shared default", () => {
    expect(resolveTraffic('default', building)).toEqual(defaultTraffic);
    const withDefault = {
      ...building,
      defaultTraffic: { kind: 'template' as const, template: 'interfloor' as const, intensity: 3 },
    };
    expect(resolveTraffic('default', withDefault)).toBe(withDefault.defaultTraffic);
  });

  it('returns traffic objects unchanged', () => {
    const traffic = { kind: 'passengers' as const, passengers: [] };
    expect(resolveTraffic(traffic, building)).toBe(traffic);
  });

  it('rejects unknown names and bad intensities', () => {
    for (const bad of ['rush', 'lunch:', 'lunch:0', 'lunch:101', 'lunch:abc', 'lunch:5:6'])
      expect(() => resolveTraffic(bad, building), bad).toThrow(TrafficInputError);
  });
});
