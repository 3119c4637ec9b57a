/**
 * Conventional control: up/down hall buttons; one call per landing and direction, assigned to a
 * car. Assignments are not final: a car standing free at a floor serves the people waiting there
 * whichever car had their call, and when a car runs out of work the open calls of its group are
 * decided again (reallocation) unless the car holding one is already slowing down for it.
 */
import {
  DOWN,
  NONE,
  Phase,
  UP,
  callDir,
  callFloor,
  callIndex,
  type CarState,
  type GroupState,
  type Passenger,
} from '../model.js';
import { HallCallBook, type CallHandling } from './call-handling.js';

export class ConventionalCalls extends HallCallBook implements CallHandling {
  readonly destinationControl = false;

  arrive(p: Passenger): void {
    const { state, transfers, cars } = this.e;
    const group = state.groups[p.group]!;
    const k = callIndex(p.dir, p.origin, state.n);
    for (const ci of group.cars) {
      const car = state.cars[ci]!;
      if (transfers.acceptsAtDoor(car, p)) {
        if (car.dir === NONE) car.dir = p.dir;
        if (car.phase === Phase.Open) transfers.boardAtOpenDoor(car, p);
        // Doors still opening: the passenger boards with the others when they are open.
        else group.queues[k]!.push(p);
        return;
      }
    }
    group.queues[k]!.push(p);
    for (const ci of group.cars) {
      const car = state.cars[ci]!;
      if (!transfers.reversesDoors(car, p)) continue;
      if (car.dir === NONE) car.dir = p.dir;
      cars.reopen(car);
      return;
    }
    if (group.callRegistered[k] !== 0) return;
    const standing = this.standingCarFor(group, p);
    if (standing) this.assignDirectly(group, k, standing, true);
    else this.registerCall(group, p.origin, p.dir, -1);
  }

  boardingDecision(car: CarState): number {
    return car.servingDecision;
  }

  afterBoarding(car: CarState, group: GroupState, k: number): void {
    // Passengers still waiting keep their call registered (re-assigned).
    const n = this.e.state.n;
    if (group.callRegistered[k] === 0) this.registerCall(group, callFloor(k, n), callDir(k, n), car.index);
  }

  handOver(car: CarState): void {
    const { state } = this.e;
    const n = state.n;
    const group = state.groups[car.group]!;
    if (group.cars.length < 2) return;
    for (let k = 0; k < 2 * n; k++) {
      if (group.callCar[k] !== car.index) continue;
      const registeredAt = group.callTime[k]!;
      group.callCar[k] = -1;
      car.pickups[k]!--;
      car.assignedCalls--;
      this.registerCall(group, callFloor(k, n), callDir(k, n), car.index);
      group.callTime[k] = registeredAt;
    }
  }

  /** Allocations become ordinary hall calls. */
  takeOver(): void {
    const { state } = this.e;
    const n = state.n;
    for (const car of state.cars) {
      for (const p of car.allocated) {
        car.pickups[callIndex(p.dir, p.origin, n)]!--;
        p.assignedCar = -1;
      }
      car.allocated.length = 0;
    }
    for (const group of state.groups)
      for (let k = 0; k < 2 * n; k++)
        if (group.queues[k]!.length > 0 && group.callRegistered[k] === 0)
          this.registerCall(group, callFloor(k, n), callDir(k, n), -1);
  }

  findWork(car: CarState): boolean {
    const group = this.e.state.groups[car.group]!;
    return this.serveInFront(car, group) || this.reallocate(car, group);
  }

  /** People wait at the free car's floor (up first): their call moves to this car. */
  private serveInFront(car: CarState, group: GroupState): boolean {
    const n = this.e.state.n;
    for (const d of [UP, DOWN] as const) {
      const k = callIndex(d, car.floor, n);
      const queue = group.queues[k]!;
      if (!queue.some((p) => car.serves[p.destination] === 1)) continue;
      this.assignDirectly(group, k, car, false);
      return true;
    }
    return false;
  }

  /**
   * Now that `free` has nothing to do, decide again (with the dispatcher, among all cars) every open
   * call of its group that `free` would reach sooner than the car holding it.
   */
  private reallocate(free: CarState, group: GroupState): boolean {
    const { state, dispatch, cars } = this.e;
    const n = state.n;
    let gotWork = false;
    for (let k = 0; k < 2 * n; k++) {
      if (group.callRegistered[k] !== 1) continue;
      const floor = callFloor(k, n);
      if (free.serves[floor] !== 1) continue;
      const holderIndex = group.callCar[k]!;
      const holder = holderIndex >= 0 ? state.cars[holderIndex]! : null;
      if (holder && this.committedTo(holder, floor)) continue;
      const dir = callDir(k, n);
      if (holder) {
        holder.pickups[k]!--;
        holder.assignedCalls--;
        // Only a call the free car reaches sooner is worth deciding again.
        if (dispatch.etaFor(free, group, floor, dir) >= dispatch.etaFor(holder, group, floor, dir)) {
          holder.pickups[k]!++;
          holder.assignedCalls++;
          continue;
        }
      }
      const car = this.assignByDispatcher(group, k, floor, dir, -1);
      if (car === free) gotWork = true;
      else if (car !== holder) cars.wake(car);
      if (holder && holder !== car) cars.wake(holder);
    }
    return gotWork;
  }

  /** The car is about to serve `floor`: standing there, or in flight to it and unable to stop sooner. */
  private committedTo(car: CarState, floor: number): boolean {
    if (car.phase !== Phase.Moving) return car.floor === floor;
    if (car.target !== floor) return false;
    return car.motion.nearestStop(car.floor, car.target, this.e.clock.time - car.flightStart) === floor;
  }

  /** A car standing at the passenger's floor with doors closed that can take them now, if any. */
  private standingCarFor(group: GroupState, p: Passenger): CarState | null {
    const cars = this.e.state.cars;
    for (const ci of group.cars) {
      const car = cars[ci]!;
      if (car.floor !== p.origin || car.serves[p.destination] !== 1 || car.load >= car.boardLimit) continue;
      if (car.phase === Phase.Idle) return car;
      if (car.phase === Phase.Starting && (car.parking || car.dir === p.dir)) return car;
    }
    return null;
  }

  /**
   * Give the call (registered or not) to `car` without asking the dispatcher: the rule "serve what
   * is in front of you". No dispatcher decision is credited for it. `wakeCar`: false when the car
   * is the one looking for work (it plans again itself).
   */
  private assignDirectly(group: GroupState, k: number, car: CarState, wakeCar: boolean): void {
    const { state, clock, cars } = this.e;
    let holder: CarState | null = null;
    if (group.callRegistered[k] === 1) {
      const hi = group.callCar[k]!;
      if (hi === car.index) return;
      if (hi >= 0) {
        holder = state.cars[hi]!;
        holder.pickups[k]!--;
        holder.assignedCalls--;
      }
    } else {
      group.callRegistered[k] = 1;
      group.callTime[k] = clock.time;
    }
    group.callCar[k] = car.index;
    group.callDecision[k] = -1;
    car.pickups[k]!++;
    car.assignedCalls++;
    if (holder) cars.wake(holder);
    if (wakeCar) cars.wake(car);
  }
}
