import { describe, expect, it } from 'vitest';
import type { PassengerArrival } from '../traffic/arrival.js';
import { collectiveDistance, createCollectiveDispatcher } from './dispatchers/collective.js';
import { createDispatcher } from './dispatchers/index.js';
import { createNearestDispatcher, figureOfSuitability } from './dispatchers/nearest.js';
import { createSectoringDispatcher, sectorOwner } from './dispatchers/sectoring.js';
import { testBuilding, testConfig } from './fixtures.js';
import { Simulation } from './simulation.js';
import type { CandidateCar, CarView, DecisionContext, DecisionRecord, GroupInfo } from './types.js';

function view(o: Partial<CarView> & { index: number; floor: number }): CarView {
  return {
    id: `car${o.index}`,
    groupPosition: o.index,
    stopFloor: o.floor,
    position: o.floor * 3.5,
    direction: 'idle',
    moving: false,
    load: 0,
    capacity: 10,
    boardLimit: 8,
    highestDemand: o.floor,
    lowestDemand: o.floor,
    free: o.direction === undefined || o.direction === 'idle',
    serves: () => true,
    ...o,
  };
}

const info: GroupInfo = {
  index: 0,
  name: 'A',
  servedFloors: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  entranceFloors: [0],
  carCount: 3,
  floorCount: 10,
};

function context(cars: CarView[], floor: number, direction: 'up' | 'down'): DecisionContext {
  const candidates: CandidateCar[] = cars.map((car) => ({
    carIndex: car.index,
    carId: car.id,
    car,
    features: [],
    estimate: () => {
      throw new Error('not used by this dispatcher');
    },
  }));
  return {
    time: 0,
    group: 0,
    call: { floor, direction, destination: null },
    candidates,
    groupInfo: info,
    waiting: 0,
    waitingAtLobby: 0,
  };
}

describe('collective', () => {
  const up = view({ index: 0, floor: 3, direction: 'up', highestDemand: 7, lowestDemand: 3, moving: true });

  it('measures the collective path in floors', () => {
    expect(collectiveDistance(up, 5, 'up')).toBe(2); // straight ahead: 5 − 3
    expect(collectiveDistance(up, 5, 'down')).toBe(6); // up to 7, back to 5: 4 + 2
    expect(collectiveDistance(up, 1, 'up')).toBe(10); // up to 7, down to 1, (0 back up): 4 + 6 + 0
    expect(collectiveDistance(view({ index: 1, floor: 8 }), 5, 'down')).toBe(3);
    // A full car bypasses calls.
    expect(collectiveDistance({ ...up, load: 8 }, 5, 'up')).toBe(1002);
  });

  it('assigns the first car to arrive under collective rules', () => {
    const idleFar = view({ index: 1, floor: 9 });
    expect(createCollectiveDispatcher().choose(context([up, idleFar], 5, 'up'))).toBe(0);
    expect(createCollectiveDispatcher().choose(context([up, idleFar], 8, 'down'))).toBe(1); // 1 vs 4 + 1
  });
});

describe('nearest (figure of suitability)', () => {
  it('computes Strakosch figures with N = 9', () => {
    const up = view({ index: 0, floor: 2, direction: 'up', moving: true, highestDemand: 6 });
    expect(figureOfSuitability(up, 5, 'up', 10)).toBe(8); // toward, same direction: N + 2 − d = 11 − 3
    expect(figureOfSuitability(up, 5, 'down', 10)).toBe(7); // toward, opposite: N + 1 − d
    expect(figureOfSuitability({ ...up, floor: 6, stopFloor: 6 }, 5, 'up', 10)).toBe(1); // moving away
    expect(figureOfSuitability(view({ index: 1, floor: 9 }), 5, 'up', 10)).toBe(6); // idle: N + 1 − 4
  });

  it('picks the best figure', () => {
    const away = view({ index: 0, floor: 4, direction: 'down', moving: true, lowestDemand: 0 });
    const idle = view({ index: 1, floor: 9 });
    const toward = view({ index: 2, floor: 1, direction: 'up', moving: true, highestDemand: 7 });
    // away: 1; idle: 9 + 1 − 4 = 6; toward (same direction): 9 + 2 − 4 = 7.
    expect(createNearestDispatcher().choose(context([away, idle, toward], 5, 'up'))).toBe(2);
  });
});

describe('sectoring', () => {
  it('splits the non-entrance floors into contiguous sectors', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((f) => sectorOwner(info, f, 3))).toEqual([
      0, 0, 0, 1, 1, 1, 2, 2, 2,
    ]);
    expect(sectorOwner(info, 0, 3)).toBeNull();
  });

  it('gives a call to its sector owner even if another car is nearer; entrance calls to the nearest free car', () => {
    const cars = [
      view({ index: 0, floor: 8 }),
      view({ index: 1, floor: 2 }),
      view({ index: 2, floor: 5, direction: 'up', moving: true }),
    ];
    const d = createSectoringDispatcher();
    expect(d.choose(context(cars, 8, 'down'))).toBe(2); // floor 8 is in sector 2
    expect(d.choose(context(cars, 2, 'up'))).toBe(0); // floor 2 is in sector 0
    expect(d.choose(context(cars, 0, 'up'))).toBe(1); // entrance: free car at 2 beats free car at 8
  });
});

function decisionsOf(name: 'collective' | 'eta' | 'destination', arrivals: PassengerArrival[], cars = 2) {
  const decisions: DecisionRecord[] = [];
  const sim = new Simulation(
    testBuilding({ cars }),
    arrivals,
    testConfig({ duration: 300, dispatcher: { name } }),
    {
      onDecision: (d) => decisions.push(d),
    },
  );
  sim.runToEnd();
  return { decisions, records: sim.passengerRecords(), ids: sim.passengerDecisionIds() };
}

describe('eta (least cost)', () => {
  // Car A-1 takes 7 people from 0 to floors 2..8 (doors open at 2 s, 7 boardings, close 9→12 s, departs 12.5 s).
  // At 14 s someone calls at floor 9 going down. Collectively A-1 is nearer (it can stop at 2 at the earliest:
  // 7 + 0 floors vs 9 for A-2 idle at 0), but it would stop 7 times first.
  const arrivals: PassengerArrival[] = [
    ...[2, 3, 4, 5, 6, 7, 8].map((f, i) => ({ id: i, time: 0, origin: 0, destination: f })),
    { id: 7, time: 14, origin: 9, destination: 0 },
  ];

  it('sends the idle car where collective control sends the busy one', () => {
    const collective = decisionsOf('collective', arrivals);
    const eta = decisionsOf('eta', arrivals);
    expect(collective.records[7]!.car).toBe('A-1');
    expect(eta.records[7]!.car).toBe('A-2');
    expect(eta.records[7]!.waitTime!).toBeLessThan(collective.records[7]!.waitTime! - 30);
    // The estimate the decision used: A-2 arrives after the start delay and a 31.5 m flight (≈ 16.6 s).
    const d = eta.decisions.find((x) => x.call.floor === 9)!;
    expect(d.candidates[1]!.features[0]).toBeCloseTo(eta.records[7]!.waitTime!, 6);
    expect(d.candidates[0]!.features[0]).toBeGreaterThan(60);
  });
});

describe('destination dispatch', () => {
  it('groups passengers with the same destination into one car and boards them only there', () => {
    const arrivals: PassengerArrival[] = [
      { id: 0, time: 0, origin: 0, destination: 5 },
      { id: 1, time: 0.5, origin: 0, destination: 5 },
      { id: 2, time: 30, origin: 0, destination: 5 },
      { id: 3, time: 30.5, origin: 0, destination: 5 },
      { id: 4, time: 31, origin: 0, destination: 5 },
    ];
    const { decisions, records, ids } = decisionsOf('destination', arrivals, 3);
    expect(decisions).toHaveLength(5);
    expect(new Set(records.slice(0, 2).map((r) => r.car)).size).toBe(1);
    expect(new Set(records.slice(2).map((r) => r.car)).size).toBe(1);
    // Each passenger rode the car it was allocated at the landing.
    records.forEach((r, i) => {
      const d = decisions[ids[i]!]!;
      expect(r.car).toBe(d.candidates[d.chosen]!.carId);
      expect(d.call.destination).toBe(5);
    });
  });

  it('is created from its config with destination control on', () => {
    expect(createDispatcher({ name: 'destination', ridingWeight: 0.5 }).destinationControl).toBe(true);
    expect(createDispatcher({ name: 'eta', ridingWeight: 0.5 }).destinationControl).toBeFalsy();
    expect(createDispatcher({ name: 'sectoring' }).name).toBe('sectoring');
  });
});
