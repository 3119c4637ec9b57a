import { buildingSchema, type Building, type BuildingInput, type Traffic } from '@hoistway/shared-types';
import { describe, expect, it } from 'vitest';
import { DAILY_PROFILE_DURATION } from './daily-profile.js';
import { TrafficInputError } from './errors.js';
import { generateArrivals } from './generate.js';
import { tripKind } from './rate-plan.js';

const car = { capacity: 13, speed: 1.6, acceleration: 1, jerk: 1.5, homeFloor: 0 };

/** Lobby G plus floors 1..populations.length with the given populations; one group serving all. */
function officeBuilding(populations: number[], extra: Partial<BuildingInput> = {}): Building {
  return buildingSchema.parse({
    name: 'test',
    floors: [
      { name: 'G', height: 4.5, population: 0, entrance: true },
      ...populations.map((population, i) => ({ name: String(i + 1), height: 3.6, population })),
    ],
    groups: [
      {
        name: 'Main',
        servedFloors: populations.map((_, i) => i).concat(populations.length),
        cars: [car, car],
      },
    ],
    ...extra,
  });
}

/** |observed − expected| within `k` standard deviations of a Poisson / binomial count. */
function expectNear(observed: number, expected: number, variance: number, k = 4) {
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(k * Math.sqrt(variance));
}

const template = (t: Partial<Extract<Traffic, { kind: 'template' }>>): Traffic => ({
  kind: 'template',
  template: 'up-peak',
  intensity: 12,
  ...t,
});

describe('generateArrivals: template traffic', () => {
  const building = officeBuilding([100, 100, 100, 100, 100, 100, 100, 100]); // 800 people

  it('produces intensity % of the population per 5 minutes on average (Poisson count)', () => {
    for (const seed of [1, 2, 3]) {
      const duration = 3 * 3600;
      const arrivals = generateArrivals(building, template({ intensity: 10 }), { seed, duration });
      // 10 % of 800 per 300 s = 80 per 5 min → 2,880 over 3 h; Poisson variance = mean.
      expectNear(arrivals.length, 2880, 2880);
    }
  });

  it('splits trips by the template mix (up-peak 85/10/5) and by an explicit mix', () => {
    const count = (traffic: Traffic) => {
      const arrivals = generateArrivals(building, traffic, { seed: 7, duration: 4 * 3600 });
      const kinds = { incoming: 0, outgoing: 0, interfloor: 0 };
      for (const a of arrivals) kinds[tripKind(building, a.origin, a.destination)]++;
      return { n: arrivals.length, kinds };
    };
    const upPeak = count(template({}));
    for (const [kind, share] of [
      ['incoming', 0.85],
      ['outgoing', 0.1],
      ['interfloor', 0.05],
    ] as const)
      expectNear(upPeak.kinds[kind], upPeak.n * share, upPeak.n * share * (1 - share));
    const custom = count(
      template({ template: 'lunch', mix: { incoming: 20, outgoing: 30, interfloor: 50 } }),
    );
    for (const [kind, share] of [
      ['incoming', 0.2],
      ['outgoing', 0.3],
      ['interfloor', 0.5],
    ] as const)
      expectNear(custom.kinds[kind], custom.n * share, custom.n * share * (1 - share));
  });

  it('draws destinations in proportion to floor population', () => {
    const populations = [10, 20, 30, 40, 50, 60, 70, 80, 0, 140]; // floor 9 is empty
    const uneven = officeBuilding(populations);
    const arrivals = generateArrivals(
      uneven,
      template({ mix: { incoming: 100, outgoing: 0, interfloor: 0 } }),
      {
        seed: 11,
        duration: 6 * 3600,
      },
    );
    const total = populations.reduce((a, b) => a + b, 0);
    const perFloor = new Array<number>(populations.length + 1).fill(0);
    for (const a of arrivals) {
      expect(a.origin).toBe(0);
      perFloor[a.destination]!++;
    }
    expect(perFloor[9]).toBe(0);
    populations.forEach((u, i) => {
      const p = u / total;
      expectNear(perFloor[i + 1]!, arrivals.length * p, arrivals.length * p * (1 - p));
    });
  });

  it('never produces a trip to the same floor and keeps interfloor trips off entrance floors', () => {
    const arrivals = generateArrivals(building, template({ template: 'interfloor' }), {
      seed: 3,
      duration: 3600,
    });
    expect(arrivals.length).toBeGreaterThan(0);
    for (const a of arrivals) {
      expect(a.origin).not.toBe(a.destination);
      expect(a.origin).not.toBe(0);
      expect(a.destination).not.toBe(0);
    }
  });

  it('is deterministic for a seed, differs between seeds, and returns time-sorted ids 0..n-1', () => {
    const opts = { seed: 42, duration: 1800 };
    const a = generateArrivals(building, template({ template: 'lunch' }), opts);
    const b = generateArrivals(building, template({ template: 'lunch' }), opts);
    const c = generateArrivals(building, template({ template: 'lunch' }), { ...opts, seed: 43 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    a.forEach((p, i) => {
      expect(p.id).toBe(i);
      expect(p.time).toBeGreaterThanOrEqual(i === 0 ? 0 : a[i - 1]!.time);
      expect(p.time).toBeLessThan(1800);
    });
  });

  it('splits incoming traffic equally between two entrance floors', () => {
    const twoLobbies = buildingSchema.parse({
      name: 'two lobbies',
      floors: [
        { name: 'B1', height: 3.5, population: 0, entrance: true },
        { name: 'G', height: 4.5, population: 0, entrance: true },
        ...[1, 2, 3, 4].map((i) => ({ name: String(i), height: 3.6, population: 100 })),
      ],
      groups: [{ name: 'Main', servedFloors: [0, 1, 2, 3, 4, 5], cars: [car] }],
    });
    const arrivals = generateArrivals(
      twoLobbies,
      template({ mix: { incoming: 50, outgoing: 50, interfloor: 0 } }),
      {
        seed: 5,
        duration: 4 * 3600,
      },
    );
    const incoming = arrivals.filter((a) => a.origin <= 1);
    const outgoing = arrivals.filter((a) => a.destination <= 1);
    expect(incoming.length + outgoing.length).toBe(arrivals.length);
    const fromB1 = incoming.filter((a) => a.origin === 0).length;
    expectNear(fromB1, incoming.length / 2, incoming.length / 4);
    const toB1 = outgoing.filter((a) => a.destination === 0).length;
    expectNear(toB1, outgoing.length / 2, outgoing.length / 4);
  });

  it('only generates trips some car serves end to end (zoned groups)', () => {
    const zoned = officeBuilding([100, 100, 100, 100, 100, 100], {
      groups: [
        { name: 'Low', servedFloors: [0, 1, 2, 3], cars: [car] },
        { name: 'High', servedFloors: [0, 4, 5, 6], cars: [car] },
      ],
    });
    const zone = (f: number) => (f === 0 ? 'lobby' : f <= 3 ? 'low' : 'high');
    const arrivals = generateArrivals(zoned, template({ template: 'interfloor' }), {
      seed: 9,
      duration: 3600,
    });
    expect(arrivals.length).toBeGreaterThan(100);
    for (const a of arrivals) expect(zone(a.origin)).toBe(zone(a.destination));
    // The intensity is kept: 12 % of 600 per 5 min for an hour = 864.
    expectNear(arrivals.length, 864, 864);
  });

  it('gives a 20-floor office at least 8,000 passengers over the daily profile', () => {
    const office20 = officeBuilding(new Array<number>(19).fill(87)); // 1,653 people
    const arrivals = generateArrivals(office20, template({ template: 'daily' }), {
      seed: 1,
      duration: DAILY_PROFILE_DURATION,
    });
    expect(DAILY_PROFILE_DURATION).toBe(12 * 3600);
    expect(arrivals.length).toBeGreaterThanOrEqual(8000);
    const tripsPerPerson = arrivals.length / 1653;
    expect(tripsPerPerson).toBeGreaterThan(4);
    expect(tripsPerPerson).toBeLessThan(6);
    // Mornings are mostly incoming, evenings mostly outgoing.
    const share = (from: number, to: number, kind: 'incoming' | 'outgoing') => {
      const slice = arrivals.filter((a) => a.time >= from && a.time < to);
      return slice.filter((a) => tripKind(office20, a.origin, a.destination) === kind).length / slice.length;
    };
    expect(share(3600, 6300, 'incoming')).toBeGreaterThan(0.75); // 08:00–08:45
    expect(share(36000, 38700, 'outgoing')).toBeGreaterThan(0.75); // 17:00–17:45
    // Arrivals stop at 19:00: a longer run adds nobody.
    const twoDays = generateArrivals(office20, template({ template: 'daily' }), {
      seed: 1,
      duration: 2 * DAILY_PROFILE_DURATION,
    });
    expect(twoDays).toHaveLength(arrivals.length);
  });
});

describe('generateArrivals: OD traffic', () => {
  const building = officeBuilding([100, 100, 100]); // floors 0..3

  it('takes rates per floor per 5 minutes and destinations from the origin row', () => {
    const od: Traffic = {
      kind: 'od',
      repeat: false,
      periods: [
        {
          duration: 7200,
          rates: [30, 0, 6, 0],
          matrix: [
            [0, 0.5, 0.25, 0.25],
            [1, 0, 0, 0], // rate 0: never used
            [0.5, 0, 0, 0.5],
            [0, 0, 0, 0], // rate 0: row need not sum to 1
          ],
        },
      ],
    };
    const arrivals = generateArrivals(building, od, { seed: 4, duration: 7200 });
    const fromLobby = arrivals.filter((a) => a.origin === 0);
    const fromTwo = arrivals.filter((a) => a.origin === 2);
    expect(fromLobby.length + fromTwo.length).toBe(arrivals.length);
    expectNear(fromLobby.length, 30 * 24, 30 * 24); // 24 five-minute windows
    expectNear(fromTwo.length, 6 * 24, 6 * 24);
    const toOne = fromLobby.filter((a) => a.destination === 1).length;
    expectNear(toOne, fromLobby.length / 2, fromLobby.length / 4);
    expect(fromTwo.every((a) => a.destination === 0 || a.destination === 3)).toBe(true);
  });

  it('runs the periods in sequence, repeating them when asked', () => {
    const lobbyOnly = (rate: number) => ({
      duration: 600,
      rates: [rate, 0, 0, 0],
      matrix: [
        [0, 1, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    });
    const busyThenQuiet = (repeat: boolean): Traffic => ({
      kind: 'od',
      repeat,
      periods: [lobbyOnly(60), lobbyOnly(0)],
    });
    const once = generateArrivals(building, busyThenQuiet(false), { seed: 2, duration: 3000 });
    expect(once.every((a) => a.time < 600)).toBe(true);
    expectNear(once.length, 120, 120);
    const repeated = generateArrivals(building, busyThenQuiet(true), { seed: 2, duration: 3000 });
    // Busy in [0,600), [1200,1800), [2400,3000).
    expect(repeated.every((a) => Math.floor(a.time / 600) % 2 === 0)).toBe(true);
    expect(repeated.some((a) => a.time >= 2400)).toBe(true);
    expectNear(repeated.length, 360, 360);
  });
});

describe('generateArrivals: passenger lists', () => {
  const building = officeBuilding([100, 100, 100]);

  it('expands counts, drops rows at or after the duration and sorts stably by time', () => {
    const traffic: Traffic = {
      kind: 'passengers',
      passengers: [
        { time: 50, origin: 0, destination: 3, count: 2 },
        { time: 10, origin: 2, destination: 1, count: 1 },
        { time: 50, origin: 1, destination: 0, count: 1 },
        { time: 100, origin: 0, destination: 1, count: 5 },
      ],
    };
    expect(generateArrivals(building, traffic, { seed: 1, duration: 100 })).toEqual([
      { id: 0, time: 10, origin: 2, destination: 1 },
      { id: 1, time: 50, origin: 0, destination: 3 },
      { id: 2, time: 50, origin: 0, destination: 3 },
      { id: 3, time: 50, origin: 1, destination: 0 },
    ]);
  });

  it('throws TrafficInputError for trips the building cannot carry', () => {
    const traffic: Traffic = {
      kind: 'passengers',
      passengers: [{ time: 0, origin: 0, destination: 9, count: 1 }],
    };
    expect(() => generateArrivals(building, traffic, { seed: 1, duration: 100 })).toThrow(TrafficInputError);
  });
});
