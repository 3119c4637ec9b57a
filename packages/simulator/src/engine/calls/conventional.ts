/** Conventional control: up/down hall buttons; one call per landing and direction, assigned to a car. */
import {
  NONE,
  Phase,
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
    const { state, transfers } = this.e;
    const group = state.groups[p.group]!;
    const k = callIndex(p.dir, p.origin, state.n);
    for (const ci of group.cars) {
      const car = state.cars[ci]!;
      if (!transfers.acceptsAtDoor(car, p)) continue;
      if (car.dir === NONE) car.dir = p.dir;
      if (car.phase === Phase.Open) transfers.boardAtOpenDoor(car, p);
      // Doors still opening: the passenger boards with the others when they are open.
      else group.queues[k]!.push(p);
      return;
    }
    group.queues[k]!.push(p);
    if (group.callRegistered[k] === 0) this.registerCall(group, p.origin, p.dir, -1);
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
}
