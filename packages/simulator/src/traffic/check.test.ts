import { buildingSchema, type Traffic } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { checkTrafficForBuilding } from './check.js';

const car = { capacity: 8, speed: 1, acceleration: 1, jerk: 1.5, homeFloor: 0 };
const zoned = buildingSchema.parse({
  name: 'zoned',
  floors: [
    { name: 'G', height: 4, population: 0, entrance: true },
    ...[1, 2, 3, 4].map((i) => ({ name: String(i), height: 3.5, population: 40 })),
  ],
  groups: [
    { name: 'Low', servedFloors: [0, 1, 2], cars: [car] },
    { name: 'High', servedFloors: [0, 3, 4], cars: [car] },
  ],
});

describe('checkTrafficForBuilding', () => {
  it('accepts servable traffic', () => {
    expect(checkTrafficForBuilding(zoned, { kind: 'template', template: 'lunch', intensity: 12 })).toEqual(
      [],
    );
    const list: Traffic = {
      kind: 'passengers',
      passengers: [{ time: 0, origin: 0, destination: 4, count: 1 }],
    };
    expect(checkTrafficForBuilding(zoned, list)).toEqual([]);
  });

  it('reports floors out of range with the shared rules, as formatted paths', () => {
    const list: Traffic = {
      kind: 'passengers',
      passengers: [{ time: 0, origin: 0, destination: 7, count: 1 }],
    };
    expect(checkTrafficForBuilding(zoned, list)).toEqual([
      { path: 'passengers[0].destination', message: 'must be a floor index 0..4' },
    ]);
  });

  it('reports passenger and OD trips no car serves end to end', () => {
    const list: Traffic = {
      kind: 'passengers',
      passengers: [{ time: 0, origin: 1, destination: 4, count: 1 }],
    };
    expect(checkTrafficForBuilding(zoned, list)).toEqual([
      { path: 'passengers[0]', message: 'no car serves both floor 1 ("1") and floor 4 ("4") (zoning)' },
    ]);
    const row = (d: number) => [0, 1, 2, 3, 4].map((k) => (k === d ? 1 : 0));
    const od: Traffic = {
      kind: 'od',
      repeat: false,
      periods: [{ duration: 60, rates: [0, 5, 0, 0, 0], matrix: [row(1), row(3), row(0), row(2), row(0)] }],
    };
    // Row 3 would be unservable too, but its rate is 0.
    expect(checkTrafficForBuilding(zoned, od)).toEqual([
      {
        path: 'periods[0].matrix[1][3]',
        message: 'no car serves both floor 1 ("1") and floor 3 ("3") (zoning)',
      },
    ]);
  });

  it('rejects a mix on the daily profile and template traffic in an empty building', () => {
    const daily: Traffic = {
      kind: 'template',
      template: 'daily',
      intensity: 12,
      mix: { incoming: 50, outgoing: 50, interfloor: 0 },
    };
    expect(checkTrafficForBuilding(zoned, daily).map((i) => i.path)).toEqual(['mix']);
    const empty = buildingSchema.parse({
      ...zoned,
      floors: zoned.floors.map((f) => ({ ...f, population: 0 })),
    });
    expect(
      checkTrafficForBuilding(empty, { kind: 'template', template: 'up-peak', intensity: 12 }).map(
        (i) => i.path,
      ),
    ).toEqual(['intensity']);
  });

  it('caps the number of issues of a long list', () => {
    const passengers = Array.from({ length: 500 }, (_, i) => ({
      time: i,
      origin: 1,
      destination: 4,
      count: 1,
    }));
    const issues = checkTrafficForBuilding(zoned, { kind: 'passengers', passengers });
    expect(issues).toHaveLength(51);
    expect(issues[50]!.message).toBe('... and 450 more issues');
  });
});
