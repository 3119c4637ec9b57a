import { buildingSchema, type Traffic } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { DAILY_PROFILE, DAILY_PROFILE_DURATION } from './daily-profile.js';
import { generateArrivals } from './generate.js';
import { arrivalRateProfile } from './profile.js';

const car = { capacity: 8, speed: 1, acceleration: 1, jerk: 1.5, homeFloor: 0 };
const building = buildingSchema.parse({
  name: 'profile',
  floors: [
    { name: 'G', height: 4, population: 0, entrance: true },
    ...[1, 2, 3, 4].map((i) => ({ name: String(i), height: 3.5, population: 100 })),
  ],
  groups: [{ name: 'Main', servedFloors: [0, 1, 2, 3, 4], cars: [car] }],
});

describe('arrivalRateProfile', () => {
  it('gives intensity % of the population per 5 minutes, split by the mix', () => {
    const points = arrivalRateProfile(
      building,
      { kind: 'template', template: 'up-peak', intensity: 10 },
      { duration: 3600 },
    );
    expect(points).toHaveLength(60); // default 60 s windows for an hour
    for (const p of points) {
      expect(p.perFiveMinutes).toBeCloseTo(40, 9); // 10 % of 400
      expect(p.incoming).toBeCloseTo(34, 9);
      expect(p.outgoing).toBeCloseTo(4, 9);
      expect(p.interfloor).toBeCloseTo(2, 9);
    }
  });

  it('follows the daily profile, peaking at the intensity in the morning', () => {
    const points = arrivalRateProfile(
      building,
      { kind: 'template', template: 'daily', intensity: 12 },
      { duration: DAILY_PROFILE_DURATION },
    );
    expect(points).toHaveLength(144); // 5-minute windows over 12 h
    const peak = Math.max(...points.map((p) => p.perFiveMinutes));
    expect(peak).toBeCloseTo(48, 9); // 12 % of 400
    expect(points.findIndex((p) => p.perFiveMinutes === peak) * 300).toBe(
      DAILY_PROFILE.find((p) => p.level === 1)!.start,
    );
    // Expected total over the day equals the sum of level × length of each period.
    const total = points.reduce((s, p) => s + p.perFiveMinutes, 0);
    const expected = DAILY_PROFILE.reduce((s, p) => s + p.level * ((p.end - p.start) / 300) * 48, 0);
    expect(total).toBeCloseTo(expected, 6);
  });

  it('averages partial overlaps of OD periods and the last short window', () => {
    const row = [0, 1, 0, 0, 0];
    const quiet = [0, 0, 0, 0, 0];
    const od: Traffic = {
      kind: 'od',
      repeat: false,
      periods: [
        { duration: 90, rates: [30, 0, 0, 0, 0], matrix: [row, quiet, quiet, quiet, quiet] },
        { duration: 1000, rates: [0, 0, 0, 0, 0], matrix: [row, quiet, quiet, quiet, quiet] },
      ],
    };
    const points = arrivalRateProfile(building, od, { duration: 150, step: 60 });
    expect(points.map((p) => p.time)).toEqual([0, 60, 120]);
    expect(points.map((p) => p.incoming)).toEqual([30, 15, 0]);
  });

  it('counts a passenger list per window, scaled to 5 minutes, and agrees with generated arrivals', () => {
    const traffic: Traffic = {
      kind: 'passengers',
      passengers: [
        { time: 10, origin: 0, destination: 2, count: 3 },
        { time: 70, origin: 2, destination: 0, count: 1 },
        { time: 80, origin: 2, destination: 3, count: 1 },
      ],
    };
    const points = arrivalRateProfile(building, traffic, { duration: 120, step: 60 });
    expect(points).toEqual([
      { time: 0, perFiveMinutes: 15, incoming: 15, outgoing: 0, interfloor: 0 },
      { time: 60, perFiveMinutes: 10, incoming: 0, outgoing: 5, interfloor: 5 },
    ]);
    expect(generateArrivals(building, traffic, { seed: 1, duration: 120 })).toHaveLength(5);
  });
});
