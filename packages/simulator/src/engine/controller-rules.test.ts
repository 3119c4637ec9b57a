/**
 * How real group controllers behave (serve what is in front of you, reallocation, parking, door
 * reversal, group choice): each case is small enough to follow by hand.
 */
import { describe, expect, it } from 'vitest';
import { flightTime } from '../motion.js';
import { testBuilding, testConfig } from './fixtures.js';
import { PARKING_DELAY } from './parking.js';
import type { Dispatcher, SimEvent } from './types.js';
import { tracedRun, trip } from '../../test/helpers/runs.js';

const P = { speed: 2.5, acceleration: 1, jerk: 1 };
function run(...args: Parameters<typeof tracedRun>) {
  const r = tracedRun(...args);
  expect(r.problems).toEqual([]);
  return { ...r, decisions: r.sim.passengerDecisionIds() };
}

/** The worst possible choice: always the last candidate. */
const lastCandidate: Dispatcher = { name: 'last', choose: (ctx) => ctx.candidates.length - 1 };

/** Prefers a free car (nearest first), else the first candidate. */
const freeNearest: Dispatcher = {
  name: 'free-nearest',
  choose(ctx) {
    let best = 0;
    let bestScore = Infinity;
    ctx.candidates.forEach((c, i) => {
      const score = (c.car.free ? 0 : 1000) + Math.abs(c.car.stopFloor - ctx.call.floor);
      if (score < bestScore) {
        best = i;
        bestScore = score;
      }
    });
    return best;
  },
};

describe('serve what is in front of you', () => {
  it('a free car at the floor opens at once, whichever car the dispatcher would pick', () => {
    // Car 0 idles at the lobby, car 1 at floor 9; the dispatcher would send car 1.
    const building = testBuilding({ cars: 2, parking: 'none', carOverrides: [{}, { homeFloor: 9 }] });
    const { passengers, events } = run([trip(0, 10, 0, 3)], building, testConfig(), {
      dispatcher: lastCandidate,
    });
    expect(passengers[0]!.waitTime).toBeCloseTo(0, 9);
    expect(passengers[0]!.car).toBe('A-1');
    // Car 1 never moved.
    expect(events.filter((e) => e.car === 1 && e.type === 'depart')).toEqual([]);
  });

  it('a car arriving free at a floor where people wait for another car serves them', () => {
    // Car 0 takes P0 to floor 5 and returns to the lobby; P1 calls at the lobby meanwhile and the
    // dispatcher gives the call to car 1, far away at floor 9.
    const building = testBuilding({ cars: 2, parking: 'lobby', carOverrides: [{}, { homeFloor: 9 }] });
    const { passengers, events, decisions } = run(
      [trip(0, 0, 0, 5), trip(1, 30, 0, 4)],
      building,
      testConfig(),
      {
        dispatcher: lastCandidate,
      },
    );
    const p1 = passengers[1]!;
    expect(p1.car).toBe('A-1');
    // Car 0 reaches the lobby on its parking trip and opens there: the moment it lands.
    const landed = events.find((e) => e.car === 0 && e.type === 'arrive' && e.floor === 0 && e.time > 30)!;
    expect(p1.boardDoorOpen).toBeCloseTo(landed.time, 9);
    // Car 1 would have needed a start delay and a 9-floor flight: longer than the wait we got.
    expect(p1.waitTime!).toBeLessThan(0.5 + flightTime(9 * 3.5, P));
    // The dispatcher's choice (car 1) did not serve the passenger: no decision is credited.
    expect(decisions[1]).toBeNull();
  });
});

describe('reallocation of conventional calls', () => {
  it('moves a call to a car that becomes free nearer to it', () => {
    // Car 0 carries P0 to floor 6. P1 calls at floor 7 (down) meanwhile: the only free car is car 1,
    // a slow car at the lobby, so it gets the call. When car 0 is free at floor 6 the call moves to it.
    const building = testBuilding({ cars: 2, parking: 'none', carOverrides: [{}, { speed: 0.5 }] });
    const { passengers, events } = run([trip(0, 0, 0, 6), trip(1, 8, 7, 0)], building, testConfig(), {
      dispatcher: freeNearest,
    });
    const p1 = passengers[1]!;
    expect(p1.car).toBe('A-1');
    const freeAt = events.find((e) => e.car === 0 && e.type === 'doorClosed' && e.floor === 6)!.time;
    // Start delay and a one-floor flight after car 0 is free.
    expect(p1.boardDoorOpen).toBeCloseTo(freeAt + 0.5 + flightTime(3.5, P), 6);
    // Car 1 gave the call up and never opened at floor 7.
    expect(events.filter((e) => e.car === 1 && e.type === 'doorOpening')).toEqual([]);
  });
});

describe('door reversal', () => {
  // P0 boards at the lobby: doors open 0–2, transfer 2–3, dwell until 4, closing 4–7.
  // P1 arrives at t = 5, one second into the closing.
  const arrivals = [trip(0, 0, 0, 5), trip(1, 5, 0, 3)];

  it('reopens the closing doors for a passenger at once: one stop, no wait', () => {
    const { passengers, results, events } = run(arrivals, testBuilding());
    expect(passengers[1]!.waitTime).toBeCloseTo(0, 9);
    // Reopening takes the 1 s already spent closing: open at 6, P1 boards 6–7, dwell until 8.
    const reopen = events.filter((e) => e.car === 0 && e.type === 'doorOpen' && e.floor === 0);
    expect(reopen.map((e) => e.time)).toEqual([2, 6]);
    expect(events.find((e) => e.type === 'depart')!.time).toBeCloseTo(8 + 3 + 0.5, 9);
    // Stops: the lobby once, then floors 3 and 5.
    expect(results.cars[0]!.stops).toBe(3);
  });

  it('without reversal the doors close fully and open again (a second stop)', () => {
    const { passengers, results } = run(arrivals, testBuilding({ doorReversal: false }));
    expect(passengers[1]!.waitTime).toBeCloseTo(2, 9);
    expect(results.cars[0]!.stops).toBe(4);
  });
});

describe('parking policies', () => {
  // One passenger to floor 9; the car is free at floor 9 when its doors have closed.
  const arrivals = [trip(0, 0, 0, 9)];
  const closedAt = (events: SimEvent[]) => events.find((e) => e.type === 'doorClosed' && e.floor === 9)!.time;
  const parkingDeparture = (events: SimEvent[]) => events.find((e) => e.type === 'depart' && e.floor === 9);

  it('lobby: returns to the lobby at once', () => {
    const { events } = run(arrivals, testBuilding({ parking: 'lobby' }));
    expect(parkingDeparture(events)!.time).toBeCloseTo(closedAt(events) + 0.5, 9);
    expect(events.at(-1)).toMatchObject({ type: 'arrive', floor: 0 });
  });

  it('none: stays where it is', () => {
    const { events } = run(arrivals, testBuilding({ parking: 'none' }));
    expect(parkingDeparture(events)).toBeUndefined();
  });

  it('distributed: after the parking delay, to the nearest zone not held by another idle car', () => {
    // Three cars over floors 0–9: zones park at 0, 4 and 7. Cars 1 and 2 idle at the lobby.
    const { events } = run(arrivals, testBuilding({ parking: 'distributed', cars: 3 }));
    expect(parkingDeparture(events)!.time).toBeCloseTo(closedAt(events) + PARKING_DELAY + 0.5, 9);
    expect(events.filter((e) => e.type === 'arrive').at(-1)).toMatchObject({ car: 0, floor: 7 });
  });

  it('auto: lobby return while incoming traffic dominates, distribution otherwise', () => {
    const up = run(arrivals, testBuilding({ parking: 'auto' }));
    expect(parkingDeparture(up.events)!.time).toBeCloseTo(closedAt(up.events) + 0.5, 9);
    // Mostly interfloor trips in the last five minutes: distributed (one car: its zone is the lobby).
    const mixed = [trip(0, 0, 3, 9), trip(1, 1, 4, 2), trip(2, 2, 5, 1)];
    const { events } = run(mixed, testBuilding({ parking: 'auto', cars: 3 }));
    let parkingTrips = 0;
    for (const car of [0, 1, 2]) {
      const own = events.filter((e) => e.car === car);
      const lastOpening = own.findLastIndex((e) => e.type === 'doorOpening');
      const closed = own.findLastIndex((e) => e.type === 'doorClosed');
      // A departure after the car's last stop is a parking trip: only after the parking delay.
      for (const d of own.slice(lastOpening + 1).filter((e) => e.type === 'depart')) {
        expect(d.time).toBeCloseTo(own[closed]!.time + PARKING_DELAY + 0.5, 9);
        parkingTrips++;
      }
    }
    expect(parkingTrips).toBeGreaterThan(0);
  });
});

describe('group choice with overlapping groups', () => {
  // Group A serves 0–15, group B (a shuttle) 0 and 8–15: trips from the lobby to 8–15 can use either.
  const building = (shares: { a?: number; b?: number } = {}) =>
    testBuilding({
      floors: 16,
      cars: 2,
      ...(shares.a !== undefined ? { trafficShare: shares.a } : {}),
      extraGroups: [
        {
          name: 'B',
          servedFloors: [0, 8, 9, 10, 11, 12, 13, 14, 15],
          cars: [{}, {}],
          ...(shares.b !== undefined ? { trafficShare: shares.b } : {}),
        },
      ],
    });
  const lobbyTrips = Array.from({ length: 400 }, (_, i) => trip(i, i * 1.5, 0, 8 + (i % 8)));
  const carriedBy = (results: ReturnType<typeof run>['results'], group: string) =>
    results.cars.filter((c) => c.group === group).reduce((s, c) => s + c.passengersCarried, 0);

  it('without shares, both groups carry passengers (the shorter expected wait wins)', () => {
    const { results } = run(lobbyTrips, building(), testConfig({ duration: 600, drainTime: 3600 }));
    expect(carriedBy(results, 'A')).toBeGreaterThan(50);
    expect(carriedBy(results, 'B')).toBeGreaterThan(50);
  });

  it('stated shares split the trips both groups serve', () => {
    const { results } = run(
      lobbyTrips,
      building({ a: 0.25, b: 0.75 }),
      testConfig({ duration: 600, drainTime: 3600 }),
    );
    const a = carriedBy(results, 'A');
    expect(a + carriedBy(results, 'B')).toBe(400);
    expect(a / 400).toBeGreaterThan(0.18);
    expect(a / 400).toBeLessThan(0.32);
  });

  it('a trip only one group serves always uses it', () => {
    const { results } = run([trip(0, 0, 0, 3), trip(1, 1, 0, 5)], building({ a: 0, b: 1 }));
    expect(carriedBy(results, 'A')).toBe(2);
  });
});
