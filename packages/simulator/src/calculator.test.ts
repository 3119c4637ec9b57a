import { buildingSchema, type Building } from '@hoistway/shared-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upPeakCalc } from './calculator.js';

interface Spec {
  populations: number[]; // floors above the lobby
  cars: number;
  capacity: number;
  speed: number;
  served?: number[];
  height?: number;
}

function building({ populations, cars, capacity, speed, served, height = 4 }: Spec): Building {
  const floorCount = populations.length + 1;
  const car = {
    capacity,
    speed,
    acceleration: 1,
    jerk: 2,
    doorOpenTime: 1.8,
    doorCloseTime: 2.9,
    startDelay: 0.5,
    transferTime: 1.1,
    homeFloor: 0,
  };
  return buildingSchema.parse({
    name: 'calc',
    floors: [
      { name: 'G', height, population: 0, entrance: true },
      ...populations.map((population, i) => ({ name: String(i + 1), height, population })),
    ],
    groups: [
      {
        name: 'Main',
        servedFloors: served ?? [...Array(floorCount).keys()],
        cars: Array.from({ length: cars }, () => car),
      },
    ],
    loadingFactor: 0.8,
  });
}

describe('upPeakCalc', () => {
  it('matches a hand-computed example', () => {
    // 4 floors of 50 persons above the lobby, all 4 m apart; 2 cars of 10 persons at 1 m/s, a = 1, j = 2.
    const [f] = upPeakCalc(building({ populations: [50, 50, 50, 50], cars: 2, capacity: 10, speed: 1 }));
    // P = 0.8 × 10 = 8
    expect(f!.P).toBeCloseTo(8, 12);
    // S = 4·[1 − (3/4)^8] = 4 × (1 − 0.1001129150) = 3.5995483398
    expect(f!.S).toBeCloseTo(3.59954833984375, 10);
    // H = 4 − [(1/4)^8 + (2/4)^8 + (3/4)^8] = 4 − (0.0000152588 + 0.00390625 + 0.1001129150) = 3.8959655762
    expect(f!.H).toBeCloseTo(3.895965576171875, 10);
    // t_v = 4 / 1 = 4. One floor (4 m) reaches v: each acceleration phase lasts v/a + a/j = 1.5 s over
    // 0.75 m, so t_f(1) = d/v + v/a + a/j = 4 + 1 + 0.5 = 5.5
    expect(f!.tv).toBeCloseTo(4, 12);
    expect(f!.tf1).toBeCloseTo(5.5, 9);
    // t_s = 5.5 − 4 + 1.8 + 2.9 + 0.5 = 6.7
    expect(f!.ts).toBeCloseTo(6.7, 9);
    // RTT = 2·3.8959655762·4 + (3.5995483398 + 1)·6.7 + 2·8·1.1 = 31.1677246 + 30.8169739 + 17.6 = 79.5846985
    expect(f!.rtt).toBeCloseTo(79.58469848632812, 8);
    // interval = 79.5846985 / 2 = 39.7923492
    expect(f!.interval).toBeCloseTo(39.79234924316406, 8);
    // HC5 = 300 · 8 · 2 / 79.5846985 = 60.3131015 persons = 30.1565508 % of 200
    expect(f!.hc5Persons).toBeCloseTo(60.31310152949305, 8);
    expect(f!.hc5Percent).toBeCloseTo(30.156550764746527, 8);
    // AWT = [0.4 + (1.8 · 0.8 − 0.77)²] · 39.7923492 = (0.4 + 0.4489) · 39.7923492 = 33.7797253
    expect(f!.awt).toBeCloseTo(33.77972527252198, 8);
    expect(f).toMatchObject({
      group: 'Main',
      floorsAbove: 4,
      population: 200,
      cars: 2,
      capacity: 10,
      expressJump: 0,
    });
  });

  it('uses the unequal-population forms of S and H', () => {
    // Shares 1/2, 0, 1/2, 0 with P = 8: S = 2·(1 − 0.5^8) = 1.9921875;
    // H = 4 − [0.5^8 + 0.5^8 + 1^8] = 2.9921875 (floor 3 unless all 8 go to floor 1).
    const [f] = upPeakCalc(building({ populations: [100, 0, 100, 0], cars: 1, capacity: 10, speed: 1 }));
    expect(f!.S).toBeCloseTo(1.9921875, 12);
    expect(f!.H).toBeCloseTo(2.9921875, 12);
  });

  it('adds the express jump for a zone that skips the floors above the entrance', () => {
    const spec: Spec = { populations: [50, 50, 50, 50], cars: 2, capacity: 10, speed: 1 };
    const [contiguous] = upPeakCalc(building({ ...spec, populations: [50, 50] }));
    const [express] = upPeakCalc(building({ ...spec, served: [0, 3, 4], populations: [0, 0, 50, 50] }));
    // Floors 3 and 4: d_f = 4 m, the first stop is 12 m up, so the express distance is 12 − 4 = 8 m
    // and the jump 2 · 8 / 1 = 16 s on top of the same two-floor zone at the bottom.
    expect(express!.floorsAbove).toBe(2);
    expect(express!.expressJump).toBeCloseTo(16, 12);
    expect(express!.rtt - contiguous!.rtt).toBeCloseTo(16, 9);
  });

  it('gives one result per group, on the tower example', () => {
    const tower = building({ populations: [80, 80, 80, 80, 80, 80], cars: 3, capacity: 13, speed: 2 });
    tower.groups.push({ ...tower.groups[0]!, name: 'High', servedFloors: [0, 4, 5, 6] });
    tower.groups[0]!.servedFloors = [0, 1, 2, 3];
    const figures = upPeakCalc(tower);
    expect(figures.map((f) => [f.group, f.floorsAbove, f.population])).toEqual([
      ['Main', 3, 240],
      ['High', 3, 240],
    ]);
    expect(figures[1]!.rtt).toBeGreaterThan(figures[0]!.rtt);
  });

  const specs = fc.record({
    populations: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 40 }),
    cars: fc.integer({ min: 1, max: 8 }),
    capacity: fc.integer({ min: 4, max: 30 }),
    speed: fc.double({ min: 1, max: 8, noNaN: true }),
    height: fc.double({ min: 3, max: 5, noNaN: true }),
  });

  it('property: S ≤ min(N, P), 1 ≤ H ≤ N, and equal populations give N·[1 − (1 − 1/N)^P]', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const [f] = upPeakCalc(building(spec));
        const N = spec.populations.length;
        expect(f!.S).toBeLessThanOrEqual(Math.min(N, f!.P) + 1e-9);
        expect(f!.S).toBeGreaterThan(0);
        expect(f!.H).toBeLessThanOrEqual(N + 1e-9);
        expect(f!.H).toBeGreaterThanOrEqual(1 - 1e-9);
        const [equal] = upPeakCalc(building({ ...spec, populations: spec.populations.map(() => 70) }));
        expect(equal!.S).toBeCloseTo(N * (1 - (1 - 1 / N) ** equal!.P), 9);
      }),
    );
  });

  it('property: another car shortens the interval and raises HC5 without changing the round trip', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const [fewer] = upPeakCalc(building(spec));
        const [more] = upPeakCalc(building({ ...spec, cars: spec.cars + 1 }));
        expect(more!.interval).toBeLessThan(fewer!.interval);
        expect(more!.hc5Persons).toBeGreaterThan(fewer!.hc5Persons);
        expect(more!.awt).toBeLessThan(fewer!.awt);
        expect(more!.rtt).toBeCloseTo(fewer!.rtt, 9);
      }),
    );
  });

  it('property: a faster car never lengthens the round trip', () => {
    fc.assert(
      fc.property(specs, fc.double({ min: 0.1, max: 4, noNaN: true }), (spec, extra) => {
        const [slow] = upPeakCalc(building(spec));
        const [fast] = upPeakCalc(building({ ...spec, speed: spec.speed + extra }));
        expect(fast!.rtt).toBeLessThanOrEqual(slow!.rtt + 1e-9);
      }),
    );
  });
});
