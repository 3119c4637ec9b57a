import { describe, expect, it } from 'vitest';
import { decisionFeatureNames } from '@hoistway/shared-types';
import { canStillStopAt, flightTime, motionProfile, stateAt } from '../motion.js';
import { testBuilding, testConfig } from './fixtures.js';
import { PARKING_DELAY, Simulation } from './simulation.js';
import { simulate } from './simulate.js';
import type { DecisionRecord, SimEvent } from './types.js';
import { checkInvariants } from './invariants.js';
import { tracedRun, trip } from '../../test/helpers/runs.js';

const P = { speed: 2.5, acceleration: 1, jerk: 1 };
// Two floors of 3.5 m: 7 m < 8.75 m, so no cruise: Vp² + Vp − 7 = 0 ⇒ Vp = (−1 + √29)/2 = 2.1925824;
// t = 2·(Vp/a + a/j) = 6.3851648 s.
const T7 = 6.3851648;

const run = tracedRun;

describe('a single car, hand-computed timeline', () => {
  it('serves a passenger at the car’s floor with zero wait and the exact transit', () => {
    const { passengers, problems, events } = run([trip(0, 10, 0, 2)]);
    expect(problems).toEqual([]);
    expect(flightTime(7, P)).toBeCloseTo(T7, 6);
    const p = passengers[0]!;
    // Doors begin to open at 10 (the car idles at floor 0): wait 0.
    expect(p.waitTime).toBeCloseTo(0, 9);
    // Open 10→12, one boarding 12→13, dwell until 14, close 14→17, start delay → depart 17.5, arrive 17.5 + 6.3851648.
    expect(events.find((e) => e.type === 'depart')!.time).toBeCloseTo(17.5, 9);
    expect(p.alightDoorOpen).toBeCloseTo(17.5 + T7, 6);
    expect(p.transitTime).toBeCloseTo(7.5 + T7, 6);
  });

  it('fetches a passenger from another floor: wait = start delay + flight', () => {
    const { passengers, problems } = run([trip(0, 10, 2, 0)]);
    expect(problems).toEqual([]);
    // Call at 10 → start delay 0.5 → flight 6.3851648 → doors begin opening at 16.8851648.
    expect(passengers[0]!.waitTime).toBeCloseTo(0.5 + T7, 6);
    // Same stop sequence as above: transit = 7.5 + 6.3851648.
    expect(passengers[0]!.transitTime).toBeCloseTo(7.5 + T7, 6);
  });

  it('parks at a distributed zone floor after the idle time, with exact positions from the profile', () => {
    // One car: a single zone, parked at the lobby.
    const sim = new Simulation(testBuilding({ parking: 'distributed' }), [trip(0, 10, 0, 2)], testConfig());
    // Alighting at floor 2: doors open at 17.5 + T7 + 2, one transfer (1 s), dwell 2 s from open, close 3 s.
    const closed = 17.5 + T7 + 2 + 2 + 3; // (T7 is rounded: use the exact flight time below)
    const leave = closed + PARKING_DELAY + 0.5 - T7 + flightTime(7, P);
    sim.advanceTo(leave + 2);
    const car = sim.snapshot().cars[0]!;
    const s = stateAt(motionProfile(7, P), 2);
    expect(car.target).toBe(0);
    expect(car.position).toBeCloseTo(7 - s.position, 9);
    expect(car.velocity).toBeCloseTo(-s.velocity, 9);
    expect(car.door).toBe('closed');
    sim.advanceTo(leave + T7 + 1);
    expect(sim.snapshot().cars[0]).toMatchObject({
      position: 0,
      velocity: 0,
      direction: 'idle',
      target: null,
    });
  });

  it('loads to floor(capacity × loadingFactor) and leaves the rest waiting', () => {
    // capacity 5 × 0.8 = 4 per trip; 6 people at once.
    const arrivals = [0, 1, 2, 3, 4, 5].map((i) => trip(i, 1, 0, 3));
    const building = testBuilding({ car: { capacity: 5 } });
    const { results, passengers, problems } = run(arrivals, building, testConfig({ duration: 300 }));
    expect(problems).toEqual([]);
    expect(results.cars[0]!.maxLoad).toBe(4);
    expect(results.kpis.delivered).toBe(6);
    const firstTrip = passengers.filter((p) => p.waitTime === 0);
    expect(firstTrip).toHaveLength(4);
    const later = passengers.filter((p) => p.waitTime! > 0);
    expect(later).toHaveLength(2);
    // The two left behind board at the car's second door opening at the entrance.
    expect(later[0]!.boardDoorOpen).toBe(later[1]!.boardDoorOpen);
    expect(later[0]!.boardDoorOpen!).toBeGreaterThan(firstTrip[0]!.alightDoorOpen!);
  });
});

describe('boarding at open doors', () => {
  it('boards a passenger arriving while the doors are open only if there is room', () => {
    // Limit 1 (capacity 2 × 0.8). Doors open 0→2 for the first passenger; the second arrives at 3 while they
    // are open, with a full car: they wait for the next trip.
    const arrivals = [trip(0, 0, 0, 3), trip(1, 3, 0, 4)];
    const { passengers, problems, results } = run(
      arrivals,
      testBuilding({ car: { capacity: 2 } }),
      testConfig({ duration: 300 }),
    );
    expect(problems).toEqual([]);
    expect(results.cars[0]!.maxLoad).toBe(1);
    expect(passengers[1]!.waitTime!).toBeGreaterThan(20);
    // With room, a passenger arriving at open doors boards with zero wait.
    const roomy = run(arrivals, testBuilding({ car: { capacity: 10 } }), testConfig({ duration: 300 }));
    expect(roomy.passengers[1]!.waitTime).toBe(0);
    expect(roomy.passengers[1]!.boardDoorOpen).toBe(3);
  });
});

describe('re-targeting a moving car', () => {
  // Car leaves floor 0 at 7.5 s for floor 9 (31.5 m); floor 5 is 17.5 m away.
  const depart = 7.5;
  const toFive = flightTime(17.5, P);

  it('stops at a floor called early in the flight', () => {
    expect(canStillStopAt(31.5, 17.5, 1, P)).toBe(true);
    const { events, problems } = run([trip(0, 0, 0, 9), trip(1, depart + 1, 5, 8)]);
    expect(problems).toEqual([]);
    const firstStop = events.find((e) => e.type === 'doorOpening' && e.time > depart)!;
    expect(firstStop.floor).toBe(5);
    expect(firstStop.time).toBeCloseTo(depart + toFive, 9);
  });

  it('passes a floor it can no longer stop at', () => {
    const late = toFive - 1;
    expect(canStillStopAt(31.5, 17.5, late, P)).toBe(false);
    const { events, problems } = run([trip(0, 0, 0, 9), trip(1, depart + late, 5, 8)]);
    expect(problems).toEqual([]);
    const firstStop = events.find((e) => e.type === 'doorOpening' && e.time > depart)!;
    expect(firstStop.floor).toBe(9);
    expect(firstStop.time).toBeCloseTo(depart + flightTime(31.5, P), 9);
  });
});

describe('zoning', () => {
  const zoned = () =>
    testBuilding({
      floors: 7,
      carOverrides: [{ servedFloors: [0, 1, 2, 3] }],
      extraGroups: [{ name: 'High', servedFloors: [0, 4, 5, 6], cars: [{}] }],
    });

  it('throws naming the passenger and floors when no car serves a trip', () => {
    expect(() => new Simulation(zoned(), [trip(7, 3, 1, 5)], testConfig())).toThrow(
      /passenger 7.*floor 1.*floor 5/,
    );
  });

  it('uses a car that serves both floors and stops only at served floors', () => {
    const arrivals = [trip(0, 0, 0, 5), trip(1, 1, 2, 0), trip(2, 2, 6, 4)];
    const { passengers, problems, results } = run(arrivals, zoned());
    expect(problems).toEqual([]);
    expect(passengers.map((p) => p.car)).toEqual(['High-1', 'A-1', 'High-1']);
    expect(results.kpis.delivered).toBe(3);
  });
});

describe('warm-up, duration and drain', () => {
  it('counts only passengers arriving after the warm-up', () => {
    const { results, passengers } = run(
      [trip(0, 50, 0, 3), trip(1, 150, 0, 3)],
      testBuilding(),
      testConfig({ warmUp: 100 }),
    );
    expect(passengers.map((p) => p.counted)).toEqual([false, true]);
    expect(results.kpis.counted).toBe(1);
    expect(results.kpis.generated).toBe(2);
  });

  it('without drain stops at duration with passengers still in the system', () => {
    const { results, sim } = run([trip(0, 55, 0, 9)], testBuilding(), testConfig({ duration: 60 }));
    expect(sim.finished).toBe(true);
    expect(results.endTime).toBe(60);
    expect(results.kpis.inSystem).toBe(1);
  });

  it('drains until the last passenger is delivered', () => {
    const { results, passengers, sim } = run(
      [trip(0, 55, 0, 9)],
      testBuilding(),
      testConfig({ duration: 60, drainTime: 600 }),
    );
    expect(sim.finished).toBe(true);
    expect(results.kpis.inSystem).toBe(0);
    expect(results.endTime).toBeCloseTo(passengers[0]!.alightDoorOpen! + 2, 6); // the alighting at doors open
    expect(results.endTime).toBeLessThan(660);
  });

  it('ignores arrivals at or after duration', () => {
    const { results } = run(
      [trip(0, 10, 0, 2), trip(1, 600, 0, 2)],
      testBuilding(),
      testConfig({ duration: 600 }),
    );
    expect(results.kpis.generated).toBe(1);
  });
});

describe('commands', () => {
  it('injects passengers now and rejects bad floors with RangeError', () => {
    const sim = new Simulation(testBuilding(), [], testConfig({ duration: 300 }));
    sim.advanceTo(20);
    sim.command({ type: 'passenger', origin: 4, destination: 0, count: 3 });
    expect(() => sim.command({ type: 'passenger', origin: 40, destination: 0, count: 1 })).toThrow(
      RangeError,
    );
    expect(() => sim.command({ type: 'passenger', origin: 2, destination: 2, count: 1 })).toThrow(/differ/);
    expect(() => sim.command({ type: 'hallCall', floor: 9, direction: 'up' })).toThrow(RangeError);
    expect(() => sim.command({ type: 'hallCall', floor: -1, direction: 'down' })).toThrow(RangeError);
    expect(sim.snapshot().queues).toEqual([{ floor: 4, up: 0, down: 3 }]);
    sim.runToEnd();
    const records = sim.passengerRecords();
    expect(records).toHaveLength(3);
    expect(records.every((p) => p.arrival === 20 && p.alightDoorOpen !== null)).toBe(true);
  });

  it('answers a hall call with nobody behind it', () => {
    const events: SimEvent[] = [];
    const sim = new Simulation(testBuilding(), [], testConfig({ duration: 300 }), {
      onEvent: (e) => events.push(e),
    });
    sim.command({ type: 'hallCall', floor: 6, direction: 'down' });
    expect(sim.snapshot().calls).toEqual([
      { floor: 6, destination: null, direction: 'down', car: 'A-1', registeredAt: 0 },
    ]);
    sim.advanceTo(60);
    expect(events.some((e) => e.type === 'doorOpening' && e.floor === 6)).toBe(true);
    expect(sim.snapshot().calls).toEqual([]);
  });

  it('switches to destination control mid-run and still delivers everyone', () => {
    const arrivals = Array.from({ length: 30 }, (_, i) =>
      trip(i, i * 4, i % 3 === 0 ? 0 : (i * 7) % 10, i % 3 === 0 ? 1 + (i % 9) : 0),
    ).filter((a) => a.origin !== a.destination);
    const building = testBuilding({ cars: 2 });
    const events: SimEvent[] = [];
    const sim = new Simulation(
      building,
      arrivals,
      testConfig({ duration: 200, drainTime: 1000, dispatcher: { name: 'collective' } }),
      {
        onEvent: (e) => events.push(e),
      },
    );
    sim.advanceTo(60);
    sim.command({ type: 'dispatcher', dispatcher: { name: 'destination', ridingWeight: 0.5 } });
    sim.advanceTo(120);
    sim.command({ type: 'dispatcher', dispatcher: { name: 'eta', ridingWeight: 0.5 } });
    sim.runToEnd();
    const results = sim.results();
    expect(checkInvariants({ events, arrivals }, results, sim.passengerRecords(), building)).toEqual([]);
    expect(results.kpis.inSystem).toBe(0);
    expect(results.dispatcher.name).toBe('eta');
  });
});

describe('decisions', () => {
  it('records every decision with features in decisionFeatureNames order, linked from the passengers', () => {
    const arrivals = Array.from({ length: 40 }, (_, i) =>
      trip(i, i * 3, i % 2 ? 0 : 1 + (i % 9), i % 2 ? 1 + (i % 9) : 0),
    );
    for (const name of ['eta', 'destination'] as const) {
      const decisions: DecisionRecord[] = [];
      const sim = new Simulation(
        testBuilding({ cars: 3 }),
        arrivals,
        testConfig({ duration: 400, drainTime: 600, dispatcher: { name } }),
        {
          onDecision: (d) => decisions.push(d),
        },
      );
      sim.runToEnd();
      expect(decisions.length).toBeGreaterThan(0);
      decisions.forEach((d, i) => {
        expect(d.id).toBe(i);
        expect(d.dispatcher).toBe(name);
        expect(d.chosen).toBeGreaterThanOrEqual(0);
        expect(d.chosen).toBeLessThan(d.candidates.length);
        for (const c of d.candidates) {
          expect(c.features).toHaveLength(decisionFeatureNames.length);
          expect(c.features.every(Number.isFinite)).toBe(true);
        }
      });
      const ids = sim.passengerDecisionIds();
      const records = sim.passengerRecords();
      expect(ids).toHaveLength(records.length);
      // Destination control allocates every passenger through a decision.
      if (name === 'destination') expect(ids.every((id) => id !== null)).toBe(true);
      for (const [i, id] of ids.entries()) {
        if (id === null) continue;
        const d = decisions[id]!;
        expect(d.call.floor).toBe(records[i]!.origin);
        expect(d.time).toBeLessThanOrEqual(records[i]!.boardDoorOpen!);
      }
    }
  });
});

describe('determinism', () => {
  // Busy enough (a passenger every 2 s) that the trips interact.
  const arrivals = (k: number) =>
    Array.from({ length: 100 }, (_, i) =>
      trip(i, i * 2, i % 2 ? 0 : 1 + ((i * k) % 9), i % 2 ? 1 + ((i * 5) % 9) : 0),
    );

  it('gives byte-identical results for the same inputs and different ones for different arrivals', () => {
    for (const name of ['collective', 'nearest', 'sectoring', 'eta', 'destination'] as const) {
      const config = testConfig({ duration: 400, dispatcher: { name } });
      const a = JSON.stringify(simulate(testBuilding({ cars: 2 }), arrivals(3), config));
      const b = JSON.stringify(simulate(testBuilding({ cars: 2 }), arrivals(3), config));
      const c = JSON.stringify(simulate(testBuilding({ cars: 2 }), arrivals(4), config).results);
      expect(a).toBe(b);
      expect(c).not.toBe(JSON.stringify(JSON.parse(a).results));
    }
  });

  it('reports progress at most ~100 times, ending at the end time', () => {
    const calls: number[] = [];
    const { results } = simulate(testBuilding(), arrivals(3), testConfig({ duration: 400 }), {
      onProgress: (t) => calls.push(t),
    });
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[calls.length - 1]).toBe(results.endTime);
  });
});
