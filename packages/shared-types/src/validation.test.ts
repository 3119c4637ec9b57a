import { describe, expect, it } from 'vitest';
import { buildingSchema, describeIssues, validate } from './index.js';

const car = { capacity: 13, speed: 2.5, acceleration: 1, jerk: 1.5, homeFloor: 0 };
const building = {
  name: 'Test',
  floors: [
    { name: 'G', height: 4.5, population: 0, entrance: true },
    { name: '1', height: 3.5, population: 80 },
    { name: '2', height: 3.5, population: 80 },
  ],
  groups: [{ name: 'A', servedFloors: [0, 1, 2], cars: [{ ...car }, { ...car }, { ...car }] }],
};

describe('building validation', () => {
  it('accepts a valid building and fills defaults', () => {
    const r = validate(buildingSchema, building);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.groups[0]!.cars[0]!.doorOpenTime).toBe(1.8);
      expect(r.value.loadingFactor).toBe(0.8);
    }
  });

  it('names the field path and the rule', () => {
    const bad = structuredClone(building);
    (bad.groups[0]!.cars[2] as { speed: number }).speed = 0;
    const r = validate(buildingSchema, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(describeIssues(r.issues)).toBe('groups[0].cars[2].speed: must be > 0');
  });

  it('reports unknown fields by name', () => {
    const r = validate(buildingSchema, { ...building, colour: 'red' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path: 'colour', message: 'unknown field' }]);
  });

  it('rejects served floors out of range, no entrance, capacity 0', () => {
    const bad = structuredClone(building);
    bad.groups[0]!.servedFloors = [0, 1, 5];
    bad.floors[0]!.entrance = false;
    bad.groups[0]!.cars[1] = { ...car, capacity: 0 };
    const r = validate(buildingSchema, bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = describeIssues(r.issues);
      expect(text).toContain('groups[0].cars[1].capacity: must be >= 1');
    }
    // Refinements run once the shape is valid.
    bad.groups[0]!.cars[1] = car;
    const r2 = validate(buildingSchema, bad);
    expect(r2.ok).toBe(false);
    if (!r2.ok) {
      const text = describeIssues(r2.issues);
      expect(text).toContain('groups[0].servedFloors[2]: must be a floor index 0..2');
      expect(text).toContain('floors: must mark at least one floor as entrance');
    }
  });
});
