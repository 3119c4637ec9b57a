import { buildingSchema, type Building } from '@hoistway/shared-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardingLimit, upPeakCalc } from './calculator.js';
import { flightTime } from './motion.js';

interface Spec {
  populations: number[]; // floors above the lobby
  cars: number;
  capacity: number;
  speed: number;
  served?: number[];
  height?: number;
  /** Height of the lobby (floor 0 to floor 1), m; defaults to `height`. */
  lobbyHeight?: number;
  dwell?: number;
  transferTime?: number;
  loadingFactor?: number;
}

function building({
  populations,
  cars,
  capacity,
  speed,
  served,
  height = 4,
  lobbyHeight = height,
  dwell = 2,
  transferTime = 1.1,
  loadingFactor = 0.8,
}: Spec): Building {
  const floorCount = populations.length + 1;
  const car = {
    capacity,
    speed,
    acceleration: 1,
    jerk: 2,
    doorOpenTime: 1.8,
    doorCloseTime: 2.9,
    doorDwellTime: dwell,
    startDelay: 0.5,
    transferTime,
    homeFloor: 0,
  };
  return buildingSchema.parse({
    name: 'calc',
    floors: [
      { name: 'G', height: lobbyHeight, population: 0, entrance: true },
      ...populations.map((population, i) => ({ name: String(i + 1), height, population })),
    ],
    groups: [
      {
        name: 'Main',
        servedFloors: served ?? [...Array(floorCount).keys()],
        cars: Array.from({ length: cars }, () => car),
      },
    ],
    loadingFactor,
  });
}

const motion = { speed: 1, acceleration: 1, jerk: 2 };

describe('upPeakCalc', () => {
  it('textbook: matches a hand-computed example', () => {
    // 4 floors of 50 persons above the lobby, all 4 m apart; 2 cars of 10 persons at 1 m/s, a = 1, j = 2.
    const [g] = upPeakCalc(building({ populations: [50, 50, 50, 50], cars: 2, capacity: 10, speed: 1 }));
    const f = g!.textbook;
    // P = 0.8 × 10 = 8
    expect(f.P).toBeCloseTo(8, 12);
    // S = 4·[1 − (3/4)^8] = 4 × (1 − 0.1001129150) = 3.5995483398
    expect(f.S).toBeCloseTo(3.59954833984375, 10);
    // H = 4 − [(1/4)^8 + (2/4)^8 + (3/4)^8] = 4 − (0.0000152588 + 0.00390625 + 0.1001129150) = 3.8959655762
    expect(f.H).toBeCloseTo(3.895965576171875, 10);
    // t_v = 4 / 1 = 4. One floor (4 m) reaches v: each acceleration phase lasts v/a + a/j = 1.5 s over
    // 0.75 m, so t_f(1) = d/v + v/a + a/j = 4 + 1 + 0.5 = 5.5
    expect(f.tv).toBeCloseTo(4, 12);
    expect(f.tf1).toBeCloseTo(5.5, 9);
    // t_s = 5.5 − 4 + 1.8 + 2.9 + 0.5 = 6.7
    expect(f.ts).toBeCloseTo(6.7, 9);
    // RTT = 2·3.8959655762·4 + (3.5995483398 + 1)·6.7 + 2·8·1.1 = 31.1677246 + 30.8169739 + 17.6 = 79.5846985
    expect(f.rtt).toBeCloseTo(79.58469848632812, 8);
    // interval = 79.5846985 / 2 = 39.7923492
    expect(f.interval).toBeCloseTo(39.79234924316406, 8);
    // HC5 = 300 · 8 · 2 / 79.5846985 = 60.3131015 persons = 30.1565508 % of 200
    expect(f.hc5Persons).toBeCloseTo(60.31310152949305, 8);
    expect(f.hc5Percent).toBeCloseTo(30.156550764746527, 8);
    // AWT = [0.4 + (1.8 · 0.8 − 0.77)²] · 39.7923492 = (0.4 + 0.4489) · 39.7923492 = 33.7797253
    expect(f.awt).toBeCloseTo(33.77972527252198, 8);
    expect(f.expressJump).toBe(0);
    expect(g).toMatchObject({ group: 'Main', floorsAbove: 4, population: 200, cars: 2, capacity: 10 });
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
    expect(express!.expressDistance).toBeCloseTo(8, 12);
    expect(express!.textbook.expressJump).toBeCloseTo(16, 12);
    expect(express!.textbook.rtt - contiguous!.textbook.rtt).toBeCloseTo(16, 9);
    // The engine-consistent flights to and from the zone are 8 m longer each, at rated speed.
    expect(express!.rtt - contiguous!.rtt).toBeCloseTo(16, 9);
  });

  it('adds the extra height of a tall lobby to both models', () => {
    // A 4.5 m lobby under 3.5 m floors: 1 m more each way, crossed at rated speed (1 m/s).
    const spec: Spec = { populations: [50, 50, 50, 50], cars: 2, capacity: 10, speed: 1, height: 3.5 };
    const [even] = upPeakCalc(building(spec));
    const [tall] = upPeakCalc(building({ ...spec, lobbyHeight: 4.5 }));
    expect(tall!.floorDistance).toBeCloseTo(3.5, 12);
    expect(tall!.firstRise).toBeCloseTo(4.5, 12);
    expect(tall!.expressDistance).toBeCloseTo(1, 12);
    expect(tall!.textbook.expressJump).toBeCloseTo(2, 12);
    expect(tall!.textbook.rtt - even!.textbook.rtt).toBeCloseTo(2, 9);
    expect(tall!.rtt - even!.rtt).toBeCloseTo(2, 9);
    expect(tall!.flight - even!.flight).toBeCloseTo(2, 9);
  });

  it('engine: one floor above the lobby, by hand (doors dwell, integer load)', () => {
    // Capacity 13 × 0.8 = 10.4 → the engine boards 10. One destination: S = H = 1, two flights of 4 m
    // (t_f = 5.5 s each, see above), two stops of t_o + t_c + t_sd = 5.2 s, and the doors stay open
    // max(dwell, 10 × 1.1) = 11 s at each end. RTT = 11 + 10.4 + 22 = 43.4 s.
    const [f] = upPeakCalc(building({ populations: [100], cars: 1, capacity: 13, speed: 1 }));
    expect(f!.P).toBe(10);
    expect(f!.textbook.P).toBeCloseTo(10.4, 12);
    expect(f!.S).toBeCloseTo(1, 12);
    expect(f!.H).toBeCloseTo(1, 12);
    expect(f!.flight).toBeCloseTo(11, 9);
    expect(f!.doors).toBeCloseTo(9.4, 12);
    expect(f!.startDelays).toBeCloseTo(1, 12);
    expect(f!.transfers).toBeCloseTo(22, 12);
    expect(f!.rtt).toBeCloseTo(43.4, 9);
    // HC5 counts the 10 passengers the engine boards, not 10.4.
    expect(f!.hc5Persons).toBeCloseTo((300 * 10) / 43.4, 9);
    // A dwell longer than the transfers holds the doors for the dwell instead: 2 × 15 s.
    const [slowDoors] = upPeakCalc(
      building({ populations: [100], cars: 1, capacity: 13, speed: 1, dwell: 15 }),
    );
    expect(slowDoors!.transfers).toBeCloseTo(30, 12);
    expect(slowDoors!.textbook.rtt).toBeCloseTo(f!.textbook.rtt, 12);
  });

  it('engine: two floors above the lobby, by hand (binomial alighting, flights between stops)', () => {
    // P = ⌊1 × 2⌋ = 2 passengers, each to floor 1 or 2 (4 m and 8 m up) with chance 1/2.
    const [f] = upPeakCalc(
      building({ populations: [50, 50], cars: 1, capacity: 2, speed: 1, loadingFactor: 1 }),
    );
    expect(f!.P).toBe(2);
    // S = 2 × (1 − 1/4) = 1.5. Flights: lobby → first stop (floor 1: 3/4, floor 2: 1/4), floor 1 → 2
    // when both are stops (1/2), highest stop → lobby (floor 1: 1/4, floor 2: 3/4):
    // t_f(4)·(3/4 + 1/4) + t_f(8)·(1/4 + 3/4) + t_f(4)·1/2.
    expect(f!.S).toBeCloseTo(1.5, 12);
    expect(f!.flight).toBeCloseTo(1.5 * flightTime(4, motion) + flightTime(8, motion), 9);
    // Open doors: lobby max(2, 2 × 1.1) = 2.2 s; each floor: one alighting (1/2) → max(2, 1.1) = 2 s,
    // two (1/4) → 2.2 s: 1 + 0.55 = 1.55 s. Total 2.2 + 2 × 1.55 = 5.3 s.
    expect(f!.transfers).toBeCloseTo(5.3, 12);
    expect(f!.doors).toBeCloseTo(2.5 * 4.7, 12);
    expect(f!.startDelays).toBeCloseTo(2.5 * 0.5, 12);
  });

  it('engine: boards ⌊loadingFactor × capacity⌋, at least one, as the simulator does', () => {
    expect(boardingLimit(13, 0.8)).toBe(10);
    expect(boardingLimit(10, 0.8)).toBe(8);
    expect(boardingLimit(20, 0.7)).toBe(14);
    expect(boardingLimit(1, 0.5)).toBe(1);
    const [f] = upPeakCalc(building({ populations: [50, 50, 50], cars: 2, capacity: 21, speed: 2 }));
    expect(f!.P).toBe(16);
    expect(f!.textbook.P).toBeCloseTo(16.8, 12);
    expect(f!.hc5Persons).toBeCloseTo((300 * 16 * 2) / f!.rtt, 9);
  });

  it('engine: cars that differ are combined by their departure rates', () => {
    const mixed = building({ populations: [60, 60, 60, 60, 60], cars: 2, capacity: 13, speed: 1.6 });
    mixed.groups[0]!.cars[1] = { ...mixed.groups[0]!.cars[1]!, speed: 2.5, capacity: 17 };
    const [slow] = upPeakCalc({
      ...mixed,
      groups: [{ ...mixed.groups[0]!, cars: [mixed.groups[0]!.cars[0]!] }],
    });
    const [fast] = upPeakCalc({
      ...mixed,
      groups: [{ ...mixed.groups[0]!, cars: [mixed.groups[0]!.cars[1]!] }],
    });
    const [both] = upPeakCalc(mixed);
    expect(both!.interval).toBeCloseTo(1 / (1 / slow!.rtt + 1 / fast!.rtt), 9);
    expect(both!.hc5Persons).toBeCloseTo(slow!.hc5Persons + fast!.hc5Persons, 9);
    expect(both!.rtt).toBeCloseTo(2 * both!.interval, 9);
  });

  it('stays finite for a group with nobody, or no floor, above its entrance', () => {
    const empty = building({ populations: [0, 0, 0], cars: 2, capacity: 10, speed: 1 });
    const below = building({ populations: [50, 50], cars: 2, capacity: 10, speed: 1 });
    below.floors[0]!.entrance = false;
    below.floors[2]!.entrance = true;
    below.groups[0]!.servedFloors = [0, 1, 2];
    for (const b of [empty, below]) {
      const [f] = upPeakCalc(b);
      for (const model of [f!, f!.textbook]) {
        for (const value of [model.rtt, model.interval, model.hc5Persons, model.awt, model.S, model.H])
          expect(Number.isFinite(value)).toBe(true);
        expect(model.hc5Percent).toBe(0);
      }
    }
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
    lobbyHeight: fc.double({ min: 3, max: 8, noNaN: true }),
    dwell: fc.double({ min: 0, max: 6, noNaN: true }),
  });

  it('property: the engine-consistent round trip is never shorter than its own parts at their least', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const [f] = upPeakCalc(building(spec));
        const car = building(spec).groups[0]!.cars[0]!;
        // At least one stop besides the lobby, the doors open at least dwell and P·t_p at the lobby.
        expect(f!.transfers).toBeGreaterThanOrEqual(
          Math.max(car.doorDwellTime, f!.P * car.transferTime) - 1e-9,
        );
        expect(f!.flight).toBeGreaterThanOrEqual(
          2 * flightTime(f!.firstRise, { ...motion, speed: spec.speed }) - 1e-9,
        );
        expect(f!.S).toBeGreaterThanOrEqual(1 - 1e-9);
      }),
    );
  });

  it('property: S ≤ min(N, P), 1 ≤ H ≤ N, and equal populations give N·[1 − (1 − 1/N)^P]', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const [g] = upPeakCalc(building(spec));
        const [equal] = upPeakCalc(building({ ...spec, populations: spec.populations.map(() => 70) }));
        const N = spec.populations.length;
        for (const [f, e] of [
          [g!, equal!],
          [g!.textbook, equal!.textbook],
        ] as const) {
          expect(f.S).toBeLessThanOrEqual(Math.min(N, f.P) + 1e-9);
          expect(f.S).toBeGreaterThan(0);
          expect(f.H).toBeLessThanOrEqual(N + 1e-9);
          expect(f.H).toBeGreaterThanOrEqual(1 - 1e-9);
          expect(e.S).toBeCloseTo(N * (1 - (1 - 1 / N) ** e.P), 9);
          expect(f.flight + f.doors + f.startDelays + f.transfers).toBeCloseTo(f.rtt, 9);
        }
      }),
    );
  });

  it('property: another car shortens the interval and raises HC5 without changing the round trip', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const [f] = upPeakCalc(building(spec));
        const [m] = upPeakCalc(building({ ...spec, cars: spec.cars + 1 }));
        for (const [fewer, more] of [
          [f!, m!],
          [f!.textbook, m!.textbook],
        ] as const) {
          expect(more.interval).toBeLessThan(fewer.interval);
          expect(more.hc5Persons).toBeGreaterThan(fewer.hc5Persons);
          expect(more.awt).toBeLessThan(fewer.awt);
          expect(more.rtt).toBeCloseTo(fewer.rtt, 9);
        }
      }),
    );
  });

  it('property: a faster car never lengthens the round trip', () => {
    fc.assert(
      fc.property(specs, fc.double({ min: 0.1, max: 4, noNaN: true }), (spec, extra) => {
        const [slow] = upPeakCalc(building(spec));
        const [fast] = upPeakCalc(building({ ...spec, speed: spec.speed + extra }));
        expect(fast!.rtt).toBeLessThanOrEqual(slow!.rtt + 1e-9);
        expect(fast!.textbook.rtt).toBeLessThanOrEqual(slow!.textbook.rtt + 1e-9);
      }),
    );
  });
});
