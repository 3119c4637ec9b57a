import { describe, expect, it } from 'vitest';
import {
  buildingBudgetIssues,
  buildingSchema,
  defaultWorkLimits,
  expectedPassengers,
  runBudgetIssues,
  type Traffic,
} from './index.js';

const car = { capacity: 13, speed: 2.5, acceleration: 1, jerk: 1.5, homeFloor: 0 };
const building = buildingSchema.parse({
  name: 'Budget',
  floors: [
    { name: 'G', height: 4.5, population: 0, entrance: true },
    { name: '1', height: 3.5, population: 100 },
    { name: '2', height: 3.5, population: 200 },
  ],
  groups: [{ name: 'A', servedFloors: [0, 1, 2], cars: [car, car] }],
});

describe('expected passengers', () => {
  it('template: intensity × population per 5 minutes over the duration', () => {
    const traffic: Traffic = { kind: 'template', template: 'lunch', intensity: 10 };
    expect(expectedPassengers(building, traffic, 3600)).toBeCloseTo(300 * 0.1 * 12);
  });

  it('OD: rates per 5 minutes over the periods, repeated when the traffic repeats', () => {
    const period = (duration: number, rate: number) => ({
      duration,
      rates: [rate, 0, 0],
      matrix: [
        [0, 0.5, 0.5],
        [1, 0, 0],
        [1, 0, 0],
      ],
    });
    const once: Traffic = { kind: 'od', periods: [period(600, 30), period(300, 60)], repeat: false };
    expect(expectedPassengers(building, once, 3600)).toBeCloseTo(60 + 60);
    expect(expectedPassengers(building, once, 450)).toBeCloseTo(45);
    const repeated: Traffic = { ...once, repeat: true };
    expect(expectedPassengers(building, repeated, 3600)).toBeCloseTo(4 * 120);
  });

  it('passenger list: rows × counts', () => {
    const traffic: Traffic = {
      kind: 'passengers',
      passengers: [
        { time: 0, origin: 0, destination: 1, count: 3 },
        { time: 5, origin: 1, destination: 0, count: 1 },
      ],
    };
    expect(expectedPassengers(building, traffic, 3600)).toBe(4);
  });
});

describe('budgets', () => {
  it('a building within the defaults has no issues; a crowded floor names the floor', () => {
    expect(buildingBudgetIssues(building, defaultWorkLimits)).toEqual([]);
    const crowded = structuredClone(building);
    crowded.floors[2]!.population = 20_000;
    expect(buildingBudgetIssues(crowded, defaultWorkLimits)).toEqual([
      {
        path: 'floors[2].population',
        message: '20,000 people on one floor is over the limit of 10,000',
        limit: 'floorPopulation',
      },
    ]);
  });

  it('a run names the stored building on the field that chose it', () => {
    const crowded = structuredClone(building);
    crowded.floors[1]!.population = 20_000;
    const issues = runBudgetIssues(
      {
        building: crowded,
        traffic: { kind: 'template', template: 'lunch', intensity: 1 },
        duration: 600,
        drainTime: 0,
        tasks: 1,
      },
      defaultWorkLimits,
      { building: 'buildingId' },
    );
    expect(issues[0]).toMatchObject({
      path: 'buildingId',
      message: expect.stringMatching(/^building floors\[1\]/),
    });
  });
});
