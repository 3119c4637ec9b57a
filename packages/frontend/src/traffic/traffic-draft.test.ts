import { buildingSchema } from '@hoistway/shared-types';
import { clockTime } from '../format.js';
import { describe, expect, it } from 'vitest';
import {
  defaultOdPeriod,
  normaliseRow,
  parseUpload,
  rowSum,
  summarisePassengers,
  trafficIssues,
} from './traffic-draft.js';

const car = { capacity: 8, speed: 1, acceleration: 1, jerk: 1.5, homeFloor: 0 };
const building = buildingSchema.parse({
  name: 'draft',
  floors: [
    { name: 'G', height: 4, population: 0, entrance: true },
    { name: '1', height: 3.5, population: 40 },
    { name: '2', height: 3.5, population: 60 },
    { name: 'Roof', height: 3.5, population: 0 },
  ],
  groups: [
    { name: 'Low', servedFloors: [0, 1, 2], cars: [car] },
    { name: 'Roof', servedFloors: [2, 3], cars: [{ ...car, homeFloor: 2 }] },
  ],
});

describe('traffic drafts', () => {
  it('starts with an OD period the API accepts: rows sum to 1, zero diagonal', () => {
    const period = defaultOdPeriod(building, 600);
    expect(period.rates).toEqual([6, 2.4, 3.6, 0]);
    period.matrix.forEach((row, i) => {
      expect(row[i]).toBe(0);
      expect(rowSum(row)).toBeCloseTo(1, 9);
    });
    // The empty roof draws nobody, so no trip needs the other group's car.
    expect(period.matrix[0]![3]).toBe(0);
    expect(trafficIssues(building, { kind: 'od', periods: [period], repeat: false })).toEqual({});
    period.matrix[0] = [0, 0.5, 0, 0.5];
    expect(trafficIssues(building, { kind: 'od', periods: [period], repeat: false })).toEqual({
      'periods[0].matrix[0][3]': 'no car serves both floor 0 ("G") and floor 3 ("Roof") (zoning)',
    });
  });

  it('normalises a row exactly, keeps the diagonal 0 and spreads an empty row', () => {
    const row = normaliseRow([0.5, 0.2, 0.2, 0.2], 0);
    expect(row[0]).toBe(0);
    expect(rowSum(row)).toBe(1);
    expect(normaliseRow([0, 0, 0], 1)).toEqual([0.5, 0, 0.5]);
  });

  it('names rows by path as the API does', () => {
    const period = defaultOdPeriod(building);
    period.matrix[1] = [0.5, 0, 0.2, 0];
    expect(trafficIssues(building, { kind: 'od', periods: [period], repeat: false })).toMatchObject({
      'periods[0].matrix[1]': 'row must sum to 1 (sums to 0.7)',
    });
  });

  it('maps parse errors and the API checks of an upload to lines of the file', () => {
    expect(
      parseUpload({ name: 'a.csv', text: 'time,origin,destination\n1,G,Attic\n' }, building).issues,
    ).toEqual([{ line: 2, column: 'destination', message: 'unknown floor "Attic"' }]);
    const zoned = parseUpload({ name: 'b.csv', text: '# x\n0,G,1\n\n5,G,Roof\n' }, building);
    expect(zoned.issues).toEqual([
      { line: 4, column: null, message: 'no car serves both floor 0 ("G") and floor 3 ("Roof") (zoning)' },
    ]);
    const ok = parseUpload({ name: 'c.csv', text: '0,G,1,2\n125,2,G\n' }, building);
    expect(ok.issues).toEqual([]);
    expect(summarisePassengers(ok.traffic!)).toMatchObject({ rows: 2, persons: 3, first: 0, last: 125 });
  });

  it('writes times of day from a start hour, else elapsed h:mm', () => {
    expect(clockTime(0, 7 * 3600)).toBe('07:00');
    expect(clockTime(12 * 3600, 7 * 3600)).toBe('19:00');
    expect(clockTime(5400)).toBe('1:30');
  });
});
