/**
 * Call handling: how a waiting passenger becomes work for a car. Two implementations behind one
 * interface: conventional hall calls (up/down buttons, one call per landing and direction, the
 * destination unknown until boarding) and destination control (each passenger allocated to a car at
 * the landing, destination known). Hall calls registered by command exist in both modes, so their
 * bookkeeping lives in this shared base.
 */
import {
  callDir,
  callFloor,
  callIndex,
  type CarState,
  type Dir,
  type GroupState,
  type Passenger,
} from '../model.js';
import type { EngineParts } from '../parts.js';
import type { HallCallSnapshot } from '@hoistway/shared-types';

export interface CallHandling {
  readonly destinationControl: boolean;
  /** A passenger has arrived at the landing (already recorded in the state). */
  arrive(p: Passenger): void;
  /** Decision to credit when `p` boards `car` (the answered hall call, or the passenger's allocation). */
  boardingDecision(car: CarState, p: Passenger): number;
  /** Boarding at (group, k) ended with passengers still queued; `leftBehind`: some could have boarded but the car was full. */
  afterBoarding(car: CarState, group: GroupState, k: number, leftBehind: boolean): void;
  /** A full car is leaving: its pickups go to other cars so nobody waits for a car that cannot take them. */
  handOver(car: CarState): void;
  /** This mode has just replaced the other one: turn the outstanding demands into this mode's. */
  takeOver(): void;
  /** Register the hall call (floor, dir) of a group if it is not, and assign it to a car. */
  registerHallCall(group: GroupState, floor: number, dir: Dir): void;
  /** Doors begin opening at the car's floor for direction dir: cancel the hall call there; returns its decision id or −1. */
  answer(car: CarState, dir: Dir): number;
  /**
   * A car has just run out of work: give it some if the rules say so (serve passengers waiting in
   * front of it, reallocate calls it would serve better). Returns whether it got any.
   */
  findWork(car: CarState): boolean;
  /** Registered calls and allocations, for snapshots. */
  snapshotCalls(out: HallCallSnapshot[]): void;
}

export abstract class HallCallBook {
  abstract readonly destinationControl: boolean;

  constructor(protected readonly e: EngineParts) {}

  registerHallCall(group: GroupState, floor: number, dir: Dir): void {
    if (group.callRegistered[callIndex(dir, floor, this.e.state.n)] === 0)
      this.registerCall(group, floor, dir, -1);
  }

  /** Register the call and assign it to a car (not `exclude` unless it is the only one). */
  protected registerCall(group: GroupState, floor: number, dir: Dir, exclude: number): void {
    const { clock } = this.e;
    const k = callIndex(dir, floor, this.e.state.n);
    group.callRegistered[k] = 1;
    group.callTime[k] = clock.time;
    this.e.cars.wake(this.assignByDispatcher(group, k, floor, dir, exclude));
  }

  /** Let the dispatcher choose the car for the registered call k (not `exclude` unless it is the only one). */
  protected assignByDispatcher(
    group: GroupState,
    k: number,
    floor: number,
    dir: Dir,
    exclude: number,
  ): CarState {
    const { dispatch } = this.e;
    const head = group.queues[k]![0];
    const { car, decision } = dispatch.decide(
      group,
      floor,
      dir,
      null,
      dispatch.candidateCars(group, floor, head ? head.destination : -1, exclude),
    );
    group.callCar[k] = car.index;
    group.callDecision[k] = decision;
    car.pickups[k]!++;
    car.assignedCalls++;
    return car;
  }

  protected clearCall(group: GroupState, k: number, servingCar: CarState): void {
    group.callRegistered[k] = 0;
    const ci = group.callCar[k]!;
    group.callCar[k] = -1;
    if (ci < 0) return;
    const car = this.e.state.cars[ci]!;
    car.pickups[k]!--;
    car.assignedCalls--;
    if (car !== servingCar) this.e.cars.wake(car);
  }

  answer(car: CarState, dir: Dir): number {
    const group = this.e.state.groups[car.group]!;
    const k = callIndex(dir, car.floor, this.e.state.n);
    if (group.callRegistered[k] !== 1) return -1;
    const decision = group.callDecision[k]!;
    this.clearCall(group, k, car);
    return decision;
  }

  snapshotCalls(out: HallCallSnapshot[]): void {
    const { state } = this.e;
    const n = state.n;
    for (const g of state.groups)
      for (let k = 0; k < 2 * n; k++) {
        if (g.callRegistered[k] !== 1) continue;
        const car = g.callCar[k]!;
        out.push({
          floor: callFloor(k, n),
          destination: null,
          direction: callDir(k, n) === 0 ? 'up' : 'down',
          car: car >= 0 ? state.cars[car]!.id : null,
          registeredAt: g.callTime[k]!,
        });
      }
  }
}
